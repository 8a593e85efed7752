package org.hearth.media.internal.thumbnail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.hearth.api.media.ThumbnailSpec.Method;
import org.junit.jupiter.api.Test;

class ThumbnailSizesTest {
    private final ThumbnailSizes sizes = new ThumbnailSizes(List.of(size("32x32 crop"), size("96x96 crop"),
            size("320x240 scale"), size("640x480 scale"), size("800x600 scale")));

    @Test
    void theSmallestSizeAtLeastAsLargeAsAskedForOfTheSameMethod() {
        assertEquals(Optional.of(size("32x32 crop")), sizes.choose(32, 32, Method.CROP));
        assertEquals(Optional.of(size("96x96 crop")), sizes.choose(33, 10, Method.CROP));
        assertEquals(Optional.of(size("320x240 scale")), sizes.choose(32, 32, Method.SCALE));
        assertEquals(Optional.of(size("640x480 scale")), sizes.choose(321, 100, Method.SCALE));
        assertEquals(Optional.of(size("800x600 scale")), sizes.choose(800, 600, Method.SCALE));
    }

    @Test
    void elseOfTheOtherMethodElseNone() {
        assertEquals(Optional.of(size("320x240 scale")), sizes.choose(100, 100, Method.CROP));
        assertEquals(Optional.empty(), sizes.choose(801, 10, Method.SCALE));
        assertEquals(Optional.empty(), sizes.choose(10, 601, Method.CROP));
    }

    @Test
    void sizesAreParsedStrictly() {
        assertEquals(new ThumbnailSize(320, 240, Method.SCALE), size(" 320x240  scale "));
        for (String bad : List.of("320x240", "320*240 scale", "0x10 crop", "10x10 stretch", "123456x1 crop", "")) {
            assertEquals(Optional.empty(), ThumbnailSize.parse(bad), bad);
        }
    }

    private static ThumbnailSize size(String text) {
        return ThumbnailSize.parse(text).orElseThrow();
    }
}
