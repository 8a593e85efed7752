/**
 * URL previews: {@link org.hearth.media.internal.preview.UrlPreviews} fetches through
 * {@link org.hearth.media.internal.preview.SafeHttpClient}, which connects only to addresses the
 * {@link org.hearth.media.internal.preview.AddressPolicy} permits (checked at each hop, the
 * socket opened to the checked address), and reads Open Graph with
 * {@link org.hearth.media.internal.preview.OpenGraph}.
 */
package org.hearth.media.internal.preview;
