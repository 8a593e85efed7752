package org.hearth.media.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hearth.api.MatrixException;
import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void dispositionQuotesAsciiAndEncodesTheRest() {
        assertEquals("inline", FileNames.disposition(true, null));
        assertEquals("attachment", FileNames.disposition(false, ""));
        assertEquals("inline; filename=\"cat.png\"", FileNames.disposition(true, "cat.png"));
        assertEquals("attachment; filename=\"a \\\"b\\\" \\\\ c;d.html\"", FileNames.disposition(false, "a \"b\" \\ c;d.html"));
        assertEquals("inline; filename*=utf-8''r%C3%A9sum%C3%A9%20%E2%82%AC.pdf",
                FileNames.disposition(true, "résumé €.pdf"));
    }

    @Test
    void namesWithControlCharactersOrTooLongAreRefused() throws MatrixException {
        assertEquals("ok name.txt", FileNames.check("ok name.txt", "filename"));
        for (String bad : new String[] {"a\r\nSet-Cookie: x", "nul\u0000", "del\u007f", "x".repeat(256)}) {
            MatrixException e = assertThrows(MatrixException.class, () -> FileNames.check(bad, "filename"));
            assertEquals("M_INVALID_PARAM", e.errcode());
            assertEquals(400, e.status());
        }
    }
}
