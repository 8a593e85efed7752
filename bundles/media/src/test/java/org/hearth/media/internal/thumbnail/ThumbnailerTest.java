package org.hearth.media.internal.thumbnail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.hearth.testkit.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailerTest {
    @TempDir
    Path dir;

    @Test
    void everyInputFormatIsReadAndScaled() throws IOException {
        for (var input : List.of(
                new Input("png", TestImages.png(400, 300), ImageFormat.PNG, "image/png"),
                new Input("jpeg", TestImages.jpeg(400, 300), ImageFormat.JPEG, "image/jpeg"),
                new Input("gif", TestImages.gif(400, 300), ImageFormat.GIF, "image/png"),
                new Input("webp-lossy", TestImages.webp("lossy"), ImageFormat.WEBP, "image/png"),
                new Input("webp-lossless", TestImages.webp("lossless"), ImageFormat.WEBP, "image/png"))) {
            ImageCodec.Info info = ImageCodec.inspect(file(input.bytes())).orElseThrow(() -> new AssertionError(input.name()));
            assertEquals(input.format(), info.format(), input.name());
            assertFalse(info.animated(), input.name());

            Thumbnailer.Made made = Thumbnailer.make(file(input.bytes()), info, size("20x20 scale"));
            BufferedImage thumbnail = decode(made.bytes());
            assertEquals(input.thumbnailType(), made.contentType(), input.name());
            assertEquals(20, thumbnail.getWidth(), input.name()); // 4:3 fits a 20x20 box as 20x15
            assertEquals(15, thumbnail.getHeight(), input.name());
            assertEquals(List.of(thumbnail.getWidth(), thumbnail.getHeight()), List.of(made.width(), made.height()));
            assertNear(new Color(220, 30, 30), thumbnail.getRGB(2, 2), input.name() + " top left");
            assertNear(new Color(240, 240, 20), thumbnail.getRGB(17, 12), input.name() + " bottom right");
        }
    }

    @Test
    void cropCoversTheBoxAndCutsTheSidesEvenly() throws IOException {
        Path file = file(TestImages.png(400, 100)); // 4:1
        Thumbnailer.Made made = Thumbnailer.make(file, ImageCodec.inspect(file).orElseThrow(), size("32x32 crop"));
        BufferedImage thumbnail = decode(made.bytes());

        assertEquals(32, thumbnail.getWidth());
        assertEquals(32, thumbnail.getHeight());
        // the middle of the image: red/green above, blue/yellow below, split in the centre
        assertNear(new Color(220, 30, 30), thumbnail.getRGB(4, 4), "top left");
        assertNear(new Color(30, 200, 30), thumbnail.getRGB(27, 4), "top right");
        assertNear(new Color(240, 240, 20), thumbnail.getRGB(27, 27), "bottom right");
    }

    @Test
    void neverUpscales() throws IOException {
        Path file = file(TestImages.png(40, 30));
        ImageCodec.Info info = ImageCodec.inspect(file).orElseThrow();

        BufferedImage scaled = decode(Thumbnailer.make(file, info, size("800x600 scale")).bytes());
        assertEquals(List.of(40, 30), List.of(scaled.getWidth(), scaled.getHeight()));
        BufferedImage cropped = decode(Thumbnailer.make(file, info, size("96x20 crop")).bytes());
        assertEquals(List.of(40, 20), List.of(cropped.getWidth(), cropped.getHeight()));
    }

    @Test
    void aLargePhotoIsSubsampledToTheSameSize() throws IOException {
        Path file = file(TestImages.jpeg(4000, 3000));
        Thumbnailer.Made made = Thumbnailer.make(file, ImageCodec.inspect(file).orElseThrow(), size("320x240 scale"));

        BufferedImage thumbnail = decode(made.bytes());
        assertEquals(List.of(320, 240), List.of(thumbnail.getWidth(), thumbnail.getHeight()));
        assertNear(new Color(30, 30, 220), thumbnail.getRGB(40, 200), "bottom left");
    }

    @Test
    void animationIsToldAndTheFirstFrameRead() throws IOException {
        Path file = file(TestImages.animatedGif(60, 40));
        ImageCodec.Info info = ImageCodec.inspect(file).orElseThrow();
        assertTrue(info.animated());

        BufferedImage thumbnail = decode(Thumbnailer.make(file, info, size("30x30 scale")).bytes());
        assertNear(new Color(220, 30, 30), thumbnail.getRGB(2, 2), "first frame");
    }

    @Test
    void whatIsNoImageIsNotInspected() throws IOException {
        assertEquals(Optional.empty(), ImageCodec.inspect(file("<html>not an image</html>".getBytes())));
        byte[] truncated = TestImages.png(50, 50);
        assertEquals(Optional.empty(), ImageCodec.inspect(file(java.util.Arrays.copyOf(truncated, 20))));
        // a PNG declared as a JPEG by its uploader is still a PNG
        assertEquals(ImageFormat.PNG, ImageCodec.inspect(file(TestImages.png(5, 5))).orElseThrow().format());
    }

    private record Input(String name, byte[] bytes, ImageFormat format, String thumbnailType) {}

    private Path file(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "image", ".bin"), bytes);
    }

    private static ThumbnailSize size(String text) {
        return ThumbnailSize.parse(text).orElseThrow();
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    /** Lossy formats and smoothing move colours a little. */
    static void assertNear(Color expected, int argb, String where) {
        Color actual = new Color(argb, true);
        int distance = Math.abs(expected.getRed() - actual.getRed()) + Math.abs(expected.getGreen() - actual.getGreen())
                + Math.abs(expected.getBlue() - actual.getBlue());
        assertTrue(distance < 60, where + ": expected about " + expected + ", found " + actual);
    }
}
