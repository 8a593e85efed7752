package org.hearth.itest.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Test images: four coloured quadrants made here in PNG, JPEG and GIF; WebP (which Java cannot
 * write) as two 40x30 files made with libwebp's cwebp, lossy and lossless, kept beside this class.
 */
final class Images {
    private Images() {
    }

    static byte[] make(String format, int width, int height) {
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] webp(String kind) {
        try (InputStream in = Images.class.getResourceAsStream(kind + ".webp")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage decode(byte[] bytes) {
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
}
