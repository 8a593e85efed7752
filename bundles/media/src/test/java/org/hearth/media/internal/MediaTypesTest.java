package org.hearth.media.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MediaTypesTest {

    @Test
    void wellFormedTypesAreKeptOthersBecomeOctetStream() {
        assertEquals("image/png", MediaTypes.ofUpload("image/png"));
        assertEquals("text/plain; charset=utf-8", MediaTypes.ofUpload("text/plain; charset=utf-8"));
        assertEquals("text/html", MediaTypes.ofUpload("text/html"));
        for (String bad : new String[] {null, "", "png", "image/png\r\nX-Evil: 1", "image/png; x", "a/b/c",
                "text/" + "x".repeat(300)}) {
            assertEquals("application/octet-stream", MediaTypes.ofUpload(bad), String.valueOf(bad));
        }
    }

    @Test
    void onlyTheSpecsSafeTypesAreInline() {
        assertTrue(MediaTypes.inline("image/png"));
        assertTrue(MediaTypes.inline("Text/Plain; charset=utf-8"));
        assertTrue(MediaTypes.inline("video/mp4"));
        assertFalse(MediaTypes.inline("text/html"));
        assertFalse(MediaTypes.inline("image/svg+xml"));
        assertFalse(MediaTypes.inline("application/javascript"));
        assertFalse(MediaTypes.inline("application/octet-stream"));
    }
}
