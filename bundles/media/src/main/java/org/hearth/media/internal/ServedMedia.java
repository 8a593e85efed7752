package org.hearth.media.internal;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.hearth.api.MatrixException;
import org.hearth.api.media.LocalMedia;
import org.hearth.api.media.MediaContent;
import org.hearth.api.media.ThumbnailSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This server's media for other bundles (the federation bundle serves them to other servers):
 * found, waited for and chosen by {@link Downloads} as for the authenticated client endpoints,
 * so the frozen unauthenticated endpoints' cut-off never applies.
 */
@Component
public class ServedMedia implements LocalMedia {
    private final MediaRepository media;

    @Activate
    public ServedMedia(@Reference MediaRepository media) {
        this.media = media;
    }

    @Override
    public CompletionStage<MediaContent> download(String mediaId, long timeoutMs) throws MatrixException {
        Downloads downloads = media.downloads();
        return downloads.uploaded(MediaIds.checked(mediaId), timeoutMs, true)
                .thenApply(found -> content(downloads, () -> downloads.download(found, Optional.empty())));
    }

    @Override
    public CompletionStage<MediaContent> thumbnail(String mediaId, ThumbnailSpec spec, long timeoutMs)
            throws MatrixException {
        Downloads downloads = media.downloads();
        return downloads.uploaded(MediaIds.checked(mediaId), timeoutMs, true)
                .thenApply(found -> content(downloads, () -> downloads.thumbnail(found, spec)));
    }

    @FunctionalInterface
    private interface Choice {
        Downloads.Served choose() throws MatrixException;
    }

    private static MediaContent content(Downloads downloads, Choice choice) {
        try {
            Downloads.Served served = choice.choose();
            return new MediaContent(served.contentType(), served.size(), served.fileName(), served.disposition(),
                    downloads.open(served));
        } catch (MatrixException e) {
            throw new CompletionException(e);
        }
    }
}
