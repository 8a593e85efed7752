package org.hearth.testkit;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Images made in the test: four coloured quadrants (red, green / blue, yellow), so a crop or a
 * scale shows where it took its pixels from. WebP cannot be written by Java: two tiny files made
 * with libwebp's cwebp from the same 40x30 picture are resources (lossy VP8 and lossless VP8L).
 */
public final class TestImages {
    private TestImages() {
    }

    public static BufferedImage quadrants(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(220, 30, 30));
        g.fillRect(0, 0, width / 2, height / 2);
        g.setColor(new Color(30, 200, 30));
        g.fillRect(width / 2, 0, width - width / 2, height / 2);
        g.setColor(new Color(30, 30, 220));
        g.fillRect(0, height / 2, width / 2, height - height / 2);
        g.setColor(new Color(240, 240, 20));
        g.fillRect(width / 2, height / 2, width - width / 2, height - height / 2);
        g.dispose();
        return image;
    }

    /** The quadrants as "png", "jpeg" or "gif". */
    public static byte[] make(String format, int width, int height) {
        return write(quadrants(width, height), format);
    }

    public static byte[] png(int width, int height) {
        return make("png", width, height);
    }

    public static byte[] jpeg(int width, int height) {
        return make("jpeg", width, height);
    }

    public static byte[] gif(int width, int height) {
        return make("gif", width, height);
    }

    /** A GIF of two frames: quadrants, then all black. */
    public static byte[] animatedGif(int width, int height) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(quadrants(width, height), null, null), null);
            writer.writeToSequence(new IIOImage(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), null, null),
                    null);
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The 40x30 quadrants as WebP: "lossy" or "lossless". */
    public static byte[] webp(String kind) {
        try (InputStream in = TestImages.class.getResourceAsStream("images/" + kind + ".webp")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes PNG, JPEG or GIF bytes; fails when Java cannot read them as an image. */
    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new AssertionError("not an image Java reads (" + bytes.length + " bytes)");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
