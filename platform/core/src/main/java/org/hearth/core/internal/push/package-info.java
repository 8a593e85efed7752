/**
 * Push notifications (Client-Server API, "Push Notifications"), server side.
 *
 * <ul>
 *   <li>{@link org.hearth.core.internal.push.PushRuleSet}: a user's rules, the spec's predefined
 *       ones with the user's changes, and the CRUD rules of {@code /pushrules};
 *       {@link org.hearth.core.internal.push.PushRules} stores them and keeps each user's
 *       {@link org.hearth.core.internal.push.CompiledRules} cached.</li>
 *   <li>{@link org.hearth.core.internal.push.PushEvaluator}: every new event against the rules
 *       of every member, giving the notifications behind the unread counts of {@code /sync}.</li>
 * </ul>
 */
package org.hearth.core.internal.push;
