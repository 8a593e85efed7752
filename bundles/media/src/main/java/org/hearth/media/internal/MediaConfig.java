package org.hearth.media.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The keys of the {@code media:} section of {@code conf/hearth.yaml} (PID {@code hearth.media}),
 * declared for the launcher's check at start-up. Method names follow the DS and metatype naming
 * rule: {@code _} is a dot, {@code __} an underscore. {@link MediaSettings} reads and checks the
 * values (sizes, ranges, instants) beyond their types.
 */
@ObjectClassDefinition(name = "Media", description = "The media: section of conf/hearth.yaml")
@interface MediaConfig {
    @AttributeDefinition(required = false, description = "Where media files are kept; default data_dir/media")
    String store__path();

    @AttributeDefinition(required = false, min = "1", description = "Larger uploads get 413 M_TOO_LARGE")
    long max__upload__bytes() default MediaSettings.DEFAULT_MAX_UPLOAD_BYTES;

    @AttributeDefinition(required = false, min = "1", description = "IDs from POST /create waiting per user")
    int max__pending__uploads() default 5;

    @AttributeDefinition(required = false, min = "1000", description = "How long such an ID waits, in ms")
    long unused__expiry__ms() default 86_400_000;

    @AttributeDefinition(required = false, description = "Sizes thumbnails are made in, such as \"96x96 crop\"")
    String[] thumbnail__sizes();

    @AttributeDefinition(required = false, min = "1", description = "Larger images are not thumbnailed")
    long max__thumbnail__pixels() default 32_000_000;

    @AttributeDefinition(required = false,
            description = "Media uploaded before this instant stay readable without authentication")
    String freeze__unauthenticated__at();

    @AttributeDefinition(required = false, min = "1", max = "256",
            description = "Fetches of other servers' media running at once; more wait their turn")
    int max__concurrent__remote__fetches() default MediaSettings.DEFAULT_MAX_REMOTE_FETCHES;

    @AttributeDefinition(required = false, description = "Whether preview_url fetches pages")
    boolean url__preview_enabled() default false;

    @AttributeDefinition(required = false, description = "More address ranges previews never reach")
    String[] url__preview_blocked__ranges();

    @AttributeDefinition(required = false, description = "Ranges previews may reach despite the blocked ones")
    String[] url__preview_allowed__ranges();

    @AttributeDefinition(required = false, min = "1024", description = "Largest page or image a preview reads")
    long url__preview_max__bytes() default 10_485_760;

    @AttributeDefinition(required = false, min = "100", description = "Time limit of one preview fetch, in ms")
    long url__preview_timeout__ms() default 10_000;

    @AttributeDefinition(required = false, description = "PEM file of the only CAs trusted for https previews")
    String url__preview_ca__file();
}
