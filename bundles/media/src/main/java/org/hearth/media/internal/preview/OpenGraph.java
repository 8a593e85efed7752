package org.hearth.media.internal.preview;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Open Graph properties ({@code <meta property="og:…" content="…">}) read from an HTML page,
 * with the page's {@code <title>} and {@code <meta name="description">} standing in for a missing
 * {@code og:title} and {@code og:description}. Bounded: at most {@value #MAX_PROPERTIES}
 * properties of at most {@value #MAX_VALUE} characters each.
 */
final class OpenGraph {
    static final int MAX_PROPERTIES = 50;
    static final int MAX_VALUE = 1000;
    private static final Pattern META = Pattern.compile("<meta\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern TITLE = Pattern.compile("<title\\b[^>]*>([^<]*)</title>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([A-Za-z_:][-A-Za-z0-9_:.]*)\\s*(?:=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'=<>`]+)))?");
    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*[\"']?([A-Za-z0-9_.:-]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,6});");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", "\u00a0");

    private OpenGraph() {
    }

    /** The properties of the page; {@code contentType} is the response's, whose charset comes first. */
    static Map<String, String> parse(byte[] page, String contentType) {
        String html = new String(page, charset(page, contentType));
        Map<String, String> properties = new LinkedHashMap<>();
        String description = null;
        Matcher meta = META.matcher(html);
        while (meta.find() && properties.size() < MAX_PROPERTIES) {
            Map<String, String> attributes = attributes(meta.group(1));
            String content = attributes.get("content");
            if (content == null) {
                continue;
            }
            String property = attributes.getOrDefault("property", attributes.getOrDefault("name", ""))
                    .toLowerCase(Locale.ROOT);
            if (property.startsWith("og:") && property.length() <= 64) {
                properties.putIfAbsent(property, clip(decode(content)));
            } else if (property.equals("description") && description == null) {
                description = clip(decode(content));
            }
        }
        if (!properties.containsKey("og:title")) {
            Matcher title = TITLE.matcher(html);
            if (title.find() && !title.group(1).isBlank()) {
                properties.put("og:title", clip(decode(title.group(1)).strip()));
            }
        }
        if (!properties.containsKey("og:description") && description != null) {
            properties.put("og:description", description);
        }
        return properties;
    }

    private static Map<String, String> attributes(String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(text);
        while (m.find()) {
            String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            attributes.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), value);
        }
        return attributes;
    }

    /** The response's charset, else one a {@code <meta>} in the first 4 KiB names, else UTF-8. */
    static Charset charset(byte[] page, String contentType) {
        if (contentType != null) {
            Matcher m = CHARSET.matcher(contentType);
            if (m.find()) {
                return known(m.group(1));
            }
        }
        String head = new String(page, 0, Math.min(page.length, 4096), StandardCharsets.ISO_8859_1);
        Matcher meta = META.matcher(head);
        while (meta.find()) {
            Matcher m = CHARSET.matcher(meta.group(1));
            if (m.find()) {
                return known(m.group(1));
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static Charset known(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    static String decode(String text) {
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String entity = m.group(1);
            String replacement;
            if (entity.startsWith("#")) {
                boolean hex = entity.length() > 1 && (entity.charAt(1) == 'x' || entity.charAt(1) == 'X');
                int code = Integer.parseInt(entity.substring(hex ? 2 : 1), hex ? 16 : 10);
                replacement = Character.isValidCodePoint(code) && code != 0 ? Character.toString(code) : "\ufffd";
            } else {
                replacement = NAMED.getOrDefault(entity.toLowerCase(Locale.ROOT), m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String clip(String value) {
        return value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE);
    }
}
