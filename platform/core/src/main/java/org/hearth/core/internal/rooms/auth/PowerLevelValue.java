package org.hearth.core.internal.rooms.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearth.core.internal.event.AuthRuleSet;

/**
 * Reads one power level value as the room version allows it to be written (room version 1,
 * "m.room.power_levels events accept values as strings" and "… as floats"; room version 10,
 * "Values in m.room.power_levels events must be integers").
 */
final class PowerLevelValue {
    /** Optional whitespace, one optional sign, base 10 digits (leading zeroes allowed). */
    private static final Pattern INTEGER_STRING = Pattern.compile("\\s*([+-]?[0-9]+)\\s*");
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private PowerLevelValue() {
    }

    /** The integer the value stands for; empty when it is absent or not a valid value here. */
    static OptionalLong read(JsonNode value, AuthRuleSet.PowerLevelNumbers numbers) {
        if (value == null || value.isMissingNode()) {
            return OptionalLong.empty();
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? OptionalLong.of(value.longValue()) : OptionalLong.empty();
        }
        if (value.isFloatingPointNumber() && numbers.acceptsFloats()) {
            double d = value.doubleValue();
            // infinities and NaN are rejected; anything else is truncated at the decimal point
            return Double.isFinite(d) ? OptionalLong.of((long) d) : OptionalLong.empty();
        }
        if (value.isTextual() && numbers.acceptsStrings()) {
            Matcher m = INTEGER_STRING.matcher(value.asText());
            if (m.matches()) {
                BigInteger n = new BigInteger(m.group(1));
                return n.compareTo(MIN) >= 0 && n.compareTo(MAX) <= 0 ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
