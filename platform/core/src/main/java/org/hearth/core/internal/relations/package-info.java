/**
 * Relationships between events (Client-Server API, "Forming relationships between events",
 * "Threading", "Event replacements", "Reference relations"): the children of an event as a viewer
 * may see them ({@link org.hearth.core.internal.relations.RelationPages}), the bundled
 * aggregations in {@code unsigned.m.relations} of every event served to a client
 * ({@link org.hearth.core.internal.relations.BundledAggregations}), and the threads of a room
 * ({@link org.hearth.core.internal.relations.ThreadList}). The rows come from the storage SPI's
 * {@code RelationStore}, written with the events; history visibility and ignored users are
 * applied here.
 */
package org.hearth.core.internal.relations;
