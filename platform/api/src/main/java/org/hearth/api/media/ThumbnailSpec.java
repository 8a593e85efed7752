package org.hearth.api.media;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.hearth.api.MatrixException;

/**
 * The thumbnail asked for (Client-Server API, "Thumbnails"; Server-Server API, "Content
 * Repository"): the same query parameters on both APIs, checked here once.
 *
 * @param width    the desired width, 1 to {@value #MAX_DIMENSION}
 * @param height   the desired height, 1 to {@value #MAX_DIMENSION}
 * @param animated whether an animated thumbnail is preferred
 */
public record ThumbnailSpec(int width, int height, Method method, boolean animated) {
    public static final int MAX_DIMENSION = 10_000;

    /** The thumbnail methods. */
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

    public ThumbnailSpec {
        if (width < 1 || width > MAX_DIMENSION || height < 1 || height > MAX_DIMENSION || method == null) {
            throw new IllegalArgumentException("Not a thumbnail size: " + width + "x" + height + " " + method);
        }
    }

    /**
     * From the query parameters {@code width} and {@code height} (required), {@code method}
     * ({@code scale}, the default, or {@code crop}) and {@code animated} ({@code true} or
     * {@code false}, the default); 400 {@code M_MISSING_PARAM} or {@code M_INVALID_PARAM} otherwise.
     */
    public static ThumbnailSpec parse(Function<String, Optional<String>> query) throws MatrixException {
        int width = dimension(query, "width");
        int height = dimension(query, "height");
        Method method = Method.parse(query.apply("method").orElse("scale"))
                .orElseThrow(() -> MatrixException.invalidParam("method must be scale or crop"));
        boolean animated = switch (query.apply("animated").orElse("false")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw MatrixException.invalidParam("animated must be true or false");
        };
        return new ThumbnailSpec(width, height, method, animated);
    }

    private static int dimension(Function<String, Optional<String>> query, String name) throws MatrixException {
        String text = query.apply(name).orElseThrow(() -> MatrixException.missingParam(name + " is required"));
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= MAX_DIMENSION) {
                return value;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw MatrixException.invalidParam(name + " must be a whole number from 1 to " + MAX_DIMENSION);
    }
}
