package org.hearth.media.internal.thumbnail;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Reads the first frame of PNG, JPEG, GIF and WebP files and writes PNG and JPEG thumbnails.
 * The JDK's readers and writers serve the first three; TwelveMonkeys' WebP reader is created
 * directly, never registered in ImageIO's JVM-wide registry (it must leave with this bundle).
 */
public final class ImageCodec {
    private static final float JPEG_QUALITY = 0.85f;

    private ImageCodec() {
    }

    /** What an image file is, read from its headers without decoding the pixels. */
    public record Info(ImageFormat format, int width, int height, boolean animated) {
        long pixels() {
            return (long) width * height;
        }
    }

    /** The file's format, told by its first bytes, and its dimensions; empty when it is no image this codec reads. */
    public static Optional<Info> inspect(Path file) {
        try {
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(ImageFormat.HEAD);
            }
            Optional<ImageFormat> format = ImageFormat.sniff(head);
            return format.isPresent() ? Optional.of(probe(file, format.get())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a broken image: what the decoder says of it stays here
        }
    }

    private static Info probe(Path file, ImageFormat format) throws IOException {
        ImageReader reader = reader(format);
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            reader.setInput(in, false, true);
            // Counting frames walks a GIF or WebP to its end: only formats that can animate pay it.
            boolean animated = format.mayAnimate() && reader.getNumImages(true) > 1;
            return new Info(format, reader.getWidth(0), reader.getHeight(0), animated);
        } finally {
            reader.dispose();
        }
    }

    /** The first frame, every {@code subsampling}-th pixel in both directions (1: all of them). */
    static BufferedImage read(Path file, ImageFormat format, int subsampling) throws IOException {
        ImageReader reader = reader(format);
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            reader.setInput(in, true, true);
            ImageReadParam param = reader.getDefaultReadParam();
            if (subsampling > 1) {
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            }
            return reader.read(0, param);
        } finally {
            reader.dispose();
        }
    }

    /** JPEG for an opaque image from a JPEG, else PNG (keeps transparency). */
    static byte[] encode(BufferedImage image, boolean jpeg) throws IOException {
        ImageWriter writer = jdkWriter(jpeg ? "jpeg" : "png");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (jpeg) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ImageReader reader(ImageFormat format) throws IOException {
        if (format == ImageFormat.WEBP) {
            return new WebPImageReaderSpi().createReaderInstance(null);
        }
        return jdk(ImageIO.getImageReadersByFormatName(format.name().toLowerCase(Locale.ROOT)), format.name());
    }

    private static ImageWriter jdkWriter(String name) throws IOException {
        return jdk(ImageIO.getImageWritersByFormatName(name), name);
    }

    /** The JDK's own plugin, so a plugin another bundle registered JVM-wide is never used. */
    private static <T> T jdk(Iterator<T> plugins, String name) throws IOException {
        T first = null;
        while (plugins.hasNext()) {
            T plugin = plugins.next();
            if (plugin.getClass().getModule().getName() != null
                    && plugin.getClass().getModule().getName().startsWith("java.")) {
                return plugin;
            }
            if (first == null) {
                first = plugin;
            }
        }
        if (first == null) {
            throw new IOException("no image plugin for " + name);
        }
        return first;
    }
}
