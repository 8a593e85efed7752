package org.hearth.core.internal.event;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes a float as the appendix's reference {@code canonical_json} does (Python's
 * {@code json.dumps}, hence {@code repr(float)}): the shortest decimal that reads back as the
 * same double, positional unless the decimal exponent is below -4 or above 15.
 *
 * <p>Canonical JSON has no floats, but events of room versions 1 to 5 may carry them (for
 * example power levels, "v1-floaty-power-levels"), and their hashes and signatures were
 * computed over this form.
 */
final class LegacyFloat {
    private static final int MAX_SIGNIFICANT_DIGITS = 17;

    private LegacyFloat() {
    }

    static String format(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(value + " is not a JSON number");
        }
        if (value == 0) {
            // BigDecimal has no negative zero; Python writes it as -0.0.
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortest(value);
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - shortest.scale() - 1;
        if (exponent < -4 || exponent > 15) {
            return scientific(value < 0, digits, exponent);
        }
        String plain = shortest.toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    private static BigDecimal shortest(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision < MAX_SIGNIFICANT_DIGITS; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == value) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(MAX_SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    private static String scientific(boolean negative, String digits, int exponent) {
        StringBuilder out = new StringBuilder();
        if (negative) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int magnitude = Math.abs(exponent);
        if (magnitude < 10) {
            out.append('0');
        }
        return out.append(magnitude).toString();
    }
}
