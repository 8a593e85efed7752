package org.hearth.core.internal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hearth.api.MatrixException;
import org.junit.jupiter.api.Test;

class TextLimitsTest {

    @Test
    void identifiersHoldAtMost255BytesOfUtf8AndNoNul() throws MatrixException {
        assertEquals("t".repeat(255), TextLimits.identifier("t".repeat(255), "The type"));
        assertEquals("M_INVALID_PARAM", assertThrows(MatrixException.class,
                () -> TextLimits.identifier("t".repeat(256), "The type")).errcode());
        // 85 characters of three bytes: 255 bytes; one more is 258
        TextLimits.identifier("\u20ac".repeat(85), "The type");
        assertThrows(MatrixException.class, () -> TextLimits.identifier("\u20ac".repeat(86), "The type"));
        MatrixException nul = assertThrows(MatrixException.class, () -> TextLimits.identifier("a\u0000b", "The type"));
        assertEquals("The type holds a NUL character", nul.getMessage());
    }

    @Test
    void namesTooLongAreTooLarge() {
        MatrixException e = assertThrows(MatrixException.class, () -> TextLimits.text("n".repeat(101), "The name", 100));
        assertEquals(400, e.status());
        assertEquals("M_TOO_LARGE", e.errcode());
    }
}
