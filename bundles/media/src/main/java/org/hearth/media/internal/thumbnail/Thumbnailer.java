package org.hearth.media.internal.thumbnail;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.hearth.api.media.ThumbnailSpec.Method;

/**
 * Makes one thumbnail from an image file (Client-Server API, "Thumbnails"): {@code scale} fits
 * the image in the box keeping its aspect ratio, {@code crop} covers the box and cuts the
 * overflow evenly from both sides. Never upscales. A JPEG gives a JPEG, anything else a PNG.
 */
public final class Thumbnailer {

    /** A thumbnail's bytes and what they are. */
    public record Made(byte[] bytes, String contentType, int width, int height) {}

    private Thumbnailer() {
    }

    public static Made make(Path file, ImageCodec.Info info, ThumbnailSize box) throws IOException {
        ImageFormat format = info.format();
        int[] target = target(info.width(), info.height(), box);
        // Decoding every pixel of a 12-megapixel photo for a 320x240 thumbnail is most of the cost:
        // read every n-th pixel, keeping at least twice the resolution the last smoothing step needs.
        int subsampling = Math.max(1, Math.min(info.width() / (2 * target[0]), info.height() / (2 * target[1])));
        BufferedImage source = ImageCodec.read(file, format, subsampling);
        boolean jpeg = format == ImageFormat.JPEG;
        BufferedImage image = toType(source, jpeg ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        // The box of the subsampled image: the same fractions of its (smaller) size.
        int[] scaled = scaledSize(image.getWidth(), image.getHeight(), box);
        image = shrink(image, scaled[0], scaled[1]);
        if (box.method() == Method.CROP) {
            image = centre(image, Math.min(box.width(), image.getWidth()), Math.min(box.height(), image.getHeight()));
        }
        return new Made(ImageCodec.encode(image, jpeg), jpeg ? "image/jpeg" : "image/png", image.getWidth(),
                image.getHeight());
    }

    /** The final size of the thumbnail of an image of this size. */
    static int[] target(int width, int height, ThumbnailSize box) {
        int[] scaled = scaledSize(width, height, box);
        if (box.method() == Method.CROP) {
            return new int[] {Math.min(box.width(), scaled[0]), Math.min(box.height(), scaled[1])};
        }
        return scaled;
    }

    /** The size the whole image is scaled to: fitting the box (scale) or covering it (crop), never larger than it was. */
    private static int[] scaledSize(int width, int height, ThumbnailSize box) {
        double fit = Math.min((double) box.width() / width, (double) box.height() / height);
        double cover = Math.max((double) box.width() / width, (double) box.height() / height);
        double factor = Math.min(1.0, box.method() == Method.SCALE ? fit : cover);
        if (factor >= 1.0) {
            return new int[] {width, height};
        }
        // crop rounds up so the covered box is never a pixel short; scale rounds to nearest
        double w = width * factor;
        double h = height * factor;
        return box.method() == Method.CROP
                ? new int[] {Math.max(1, (int) Math.ceil(w - 1e-9)), Math.max(1, (int) Math.ceil(h - 1e-9))}
                : new int[] {Math.max(1, (int) Math.round(w)), Math.max(1, (int) Math.round(h))};
    }

    /** Halves while more than twice too large (bilinear steps keep the detail), then one last step to the size. */
    private static BufferedImage shrink(BufferedImage image, int width, int height) {
        BufferedImage current = image;
        while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height
                && (current.getWidth() > 2 * width || current.getHeight() > 2 * height)) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return current.getWidth() == width && current.getHeight() == height ? current : draw(current, width, height);
    }

    private static BufferedImage centre(BufferedImage image, int width, int height) {
        int x = (image.getWidth() - width) / 2;
        int y = (image.getHeight() - height) / 2;
        BufferedImage out = new BufferedImage(width, height, image.getType());
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, -x, -y, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage draw(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, image.getType());
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage toType(BufferedImage image, int type) {
        if (image.getType() == type) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
