package org.hearth.core.internal.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnpaddedBase64Test {

    /** The examples of Appendices, "Unpadded Base64". */
    @ParameterizedTest
    @CsvSource({"'', ''", "f, Zg", "fo, Zm8", "foo, Zm9v", "foob, Zm9vYg", "fooba, Zm9vYmE", "foobar, Zm9vYmFy"})
    void encodesTheAppendixExamples(String text, String base64) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(base64, UnpaddedBase64.encode(bytes));
        assertArrayEquals(bytes, UnpaddedBase64.decode(base64));
    }

    @ParameterizedTest
    @CsvSource({"Zg==, f", "Zm8=, fo"})
    void decodesPaddedInputToo(String padded, String text) {
        assertArrayEquals(text.getBytes(StandardCharsets.US_ASCII), UnpaddedBase64.decode(padded));
    }

    @ParameterizedTest
    @CsvSource({"'+/8', '-_8'", "'+/+/', '-_-_'"})
    void urlSafeSwapsTheLastTwoCharacters(String standard, String urlSafe) {
        byte[] bytes = UnpaddedBase64.decode(standard);
        assertEquals(standard, UnpaddedBase64.encode(bytes));
        assertEquals(urlSafe, UnpaddedBase64.encodeUrlSafe(bytes));
    }

    @ParameterizedTest
    @CsvSource({"a*b", "-_8"})
    void rejectsWhatIsNotStandardBase64(String text) {
        assertThrows(IllegalArgumentException.class, () -> UnpaddedBase64.decode(text));
    }
}
