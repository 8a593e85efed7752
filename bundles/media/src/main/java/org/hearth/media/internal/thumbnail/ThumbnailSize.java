package org.hearth.media.internal.thumbnail;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearth.api.media.ThumbnailSpec.Method;

/** A thumbnail size of the configured list ({@code media.thumbnail_sizes}), such as {@code 320x240 scale}. */
public record ThumbnailSize(int width, int height, Method method) {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,5})x(\\d{1,5})\\s+(scale|crop)");

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
