package org.hearth.media.internal.thumbnail;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A thumbnail size of the configured list ({@code media.thumbnail_sizes}), such as {@code 320x240 scale}. */
public record ThumbnailSize(int width, int height, Method method) {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,5})x(\\d{1,5})\\s+(scale|crop)");

    /** The thumbnail methods (Client-Server API, "Thumbnails"). */
    public enum Method {
        /** Keeps the aspect ratio: the image fits in the box. */
        SCALE,
        /** Takes the aspect ratio of the box: the image covers it and the overflow is cut off. */
        CROP;

        /** The query parameter's value; empty when it is neither. */
        public static Optional<Method> parse(String text) {
            return switch (text) {
                case "scale" -> Optional.of(SCALE);
                case "crop" -> Optional.of(CROP);
                default -> Optional.empty();
            };
        }

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Optional<ThumbnailSize> parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int width = Integer.parseInt(m.group(1));
        int height = Integer.parseInt(m.group(2));
        if (width < 1 || height < 1) {
            return Optional.empty();
        }
        return Optional.of(new ThumbnailSize(width, height, Method.parse(m.group(3)).orElseThrow()));
    }

    boolean covers(int requestedWidth, int requestedHeight) {
        return width >= requestedWidth && height >= requestedHeight;
    }

    long area() {
        return (long) width * height;
    }

    @Override
    public String toString() {
        return width + "x" + height + " " + method.text();
    }
}
