package org.hearth.api.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.hearth.api.MatrixException;

/**
 * The one rule for JSON a client sends (request bodies, JSON in query parameters such as
 * {@code filter}): whatever is accepted can be signed as Canonical JSON, stored and read back by
 * every endpoint (Appendices, "Canonical JSON"; Client-Server API, "Size limits").
 *
 * <ul>
 *   <li>At most {@value #MAX_DEPTH} levels of nested objects and arrays. Everything the server
 *       wraps around a client's value (an event around its content, {@code /sync} around the
 *       event) adds about ten levels, far below what Jackson reads and writes (1000), so a stored
 *       value never becomes unreadable. It also keeps events federating to servers with a
 *       recursion limit of 128.</li>
 *   <li>At most {@value #MAX_TOKENS} JSON tokens, checked while parsing, so a body within the
 *       size limit cannot expand into an unbounded tree.</li>
 *   <li>Numbers are integers in [-(2^53)+1, (2^53)-1]. A number written with a fraction or an
 *       exponent whose value is such an integer ({@code 1e3}, {@code 2.0}) is that integer; any
 *       other ({@code 1.5}, {@code 1e999999}, {@code 9007199254740992}) is refused, also in
 *       rooms of versions 1 to 5, whose events only other servers may send with floats.</li>
 *   <li>Strings and keys are Unicode: no lone surrogate ({@code "\ud800"}). NUL is allowed
 *       inside JSON values (stored escaped); identifiers and other strings kept in their own
 *       columns refuse it where they are read.</li>
 * </ul>
 *
 * <p>Not JSON at all: 400 {@code M_NOT_JSON}. JSON that breaks a rule: 400 {@code M_BAD_JSON}
 * naming where, as a JSON Pointer ({@code /content/ban}).
 */
public final class ClientJson {
    /** Deepest nesting of objects and arrays, the outermost one counting as 1. */
    public static final int MAX_DEPTH = 100;
    /** Most JSON tokens in one document (about 100 000 values). */
    public static final int MAX_TOKENS = 250_000;
    /** Largest integer Canonical JSON carries; the smallest is its negation. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private static final BigInteger MAX_BIG = BigInteger.valueOf(MAX_SAFE_INTEGER);
    private static final BigDecimal MAX = BigDecimal.valueOf(MAX_SAFE_INTEGER);
    private static final BigDecimal MIN = MAX.negate();
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxTokenCount(MAX_TOKENS)
                            .build())
                    .build())
            // exact values, so 1.0000000000000001 is seen as the non-integer it is
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ClientJson() {
    }

    /** Parses a request body; {@code M_NOT_JSON} for an empty body or one that is not JSON. */
    public static JsonNode parse(byte[] json) throws MatrixException {
        if (json.length == 0) {
            throw MatrixException.notJson("The request body is empty; a JSON object was expected");
        }
        try {
            return normalized(MAPPER.readTree(json), "The request body");
        } catch (StreamConstraintsException e) {
            throw MatrixException.badJson(limitBroken("The request body", e));
        } catch (NumberFormatException | ArithmeticException e) {
            throw MatrixException.badJson("The request body has a number outside [-(2^53)+1, (2^53)-1]");
        } catch (IOException e) {
            throw MatrixException.notJson("The request body is not valid JSON");
        }
    }

    /** Parses JSON a client put elsewhere, such as a {@code filter} query parameter; {@code what} names it. */
    public static JsonNode parse(String json, String what) throws MatrixException {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw MatrixException.notJson(what + " is empty; JSON was expected");
            }
            return normalized(node, what);
        } catch (StreamConstraintsException e) {
            throw MatrixException.badJson(limitBroken(what, e));
        } catch (NumberFormatException | ArithmeticException e) {
            throw MatrixException.badJson(what + " has a number outside [-(2^53)+1, (2^53)-1]");
        } catch (IOException e) {
            throw MatrixException.notJson(what + " is not valid JSON");
        }
    }

    /**
     * Checks a value built elsewhere (by a bundle, say) against the same rules, without changing
     * it; {@code what} names it in the error ({@code "content"}).
     */
    public static void check(JsonNode value, String what) throws MatrixException {
        walk(value, new ArrayDeque<>(), 1, what, false);
    }

    /**
     * Checks JSON parsed elsewhere under other size bounds (the answers of other servers, which
     * may hold a large room's whole state) against the other rules, and returns it with integral
     * decimals made integers, as {@link #parse(byte[])} does; {@code what} names it in the error.
     */
    public static JsonNode normalized(JsonNode node, String what) throws MatrixException {
        return walk(node, new ArrayDeque<>(), 1, what, true);
    }

    /**
     * Checks the value, and returns it or its replacement: with {@code normalize}, an integral
     * decimal becomes a plain integer.
     */
    private static JsonNode walk(JsonNode node, Deque<String> path, int depth, String what, boolean normalize)
            throws MatrixException {
        if (node.isContainerNode() && depth > MAX_DEPTH) {
            throw MatrixException.badJson(what + " is nested deeper than " + MAX_DEPTH + " levels at "
                    + pointer(path));
        }
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                path.addLast(member.getKey());
                if (!isUnicode(member.getKey())) {
                    throw bad(what, path, "the key has a lone surrogate");
                }
                JsonNode value = walk(member.getValue(), path, depth + 1, what, normalize);
                if (value != member.getValue()) {
                    member.setValue(value);
                }
                path.removeLast();
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                path.addLast(Integer.toString(i));
                JsonNode value = walk(array.get(i), path, depth + 1, what, normalize);
                if (value != array.get(i)) {
                    array.set(i, value);
                }
                path.removeLast();
            }
        } else if (node.isTextual()) {
            if (!isUnicode(node.textValue())) {
                throw bad(what, path, "the string has a lone surrogate");
            }
        } else if (node.isNumber()) {
            long value = safeInteger(node, what, path);
            if (normalize && !node.isIntegralNumber()) {
                return LongNode.valueOf(value);
            }
        }
        return node;
    }

    private static long safeInteger(JsonNode node, String what, Deque<String> path) throws MatrixException {
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            if (value.abs().compareTo(MAX_BIG) > 0) {
                throw bad(what, path, value + " is outside [-(2^53)+1, (2^53)-1]");
            }
            return value.longValue();
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            throw bad(what, path, node.asText() + " is not a finite number");
        }
        BigDecimal value = node.decimalValue();
        // Compare before anything builds the integer: 1e999999 would have a million digits.
        if (value.compareTo(MAX) > 0 || value.compareTo(MIN) < 0) {
            throw bad(what, path, value + " is outside [-(2^53)+1, (2^53)-1]");
        }
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            throw bad(what, path, value.toPlainString() + " is not an integer (Matrix JSON has no fractions)");
        }
        return value.longValueExact();
    }

    /** Whether every surrogate in the text is half of a pair. */
    private static boolean isUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static MatrixException bad(String what, Deque<String> path, String problem) {
        return MatrixException.badJson(what + " at " + pointer(path) + ": " + problem);
    }

    /** RFC 6901: the path from the top of the document, "/" for the document itself. */
    private static String pointer(Deque<String> path) {
        if (path.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        for (String segment : path) {
            out.append('/').append(printable(segment).replace("~", "~0").replace("/", "~1"));
        }
        return out.toString();
    }

    /** The text with each lone surrogate as U+FFFD, so that an error message naming it can be written. */
    private static String printable(String text) {
        if (isUnicode(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    private static String limitBroken(String what, JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return what + " is nested deeper than " + MAX_DEPTH + " levels";
        }
        if (message.contains("Token count")) {
            return what + " has more than " + MAX_TOKENS + " JSON tokens";
        }
        return what + " breaks a JSON size limit: " + message.replaceAll(" \\(.*", "");
    }
}
