package org.hearth.media.internal.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenGraphTest {

    @Test
    void propertiesWithEntitiesAndEitherQuotes() {
        String html = """
                <html prefix="og: http://ogp.me/ns#"><head>
                <title>The Rock (1996)</title>
                <meta property="og:title" content="The Rock &amp; &quot;Roll&quot; &#233;&#x20AC;" />
                <META PROPERTY='og:type' CONTENT='video.movie'>
                <meta content="http://www.imdb.com/title/tt0117500/" property="og:url">
                <meta property="og:image" content="test.png" />
                <meta property="og:title" content="a second title is ignored">
                <meta name="twitter:card" content="summary">
                </head></html>""";

        assertEquals(Map.of("og:title", "The Rock & \"Roll\" é€", "og:type", "video.movie",
                        "og:url", "http://www.imdb.com/title/tt0117500/", "og:image", "test.png"),
                OpenGraph.parse(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8"));
    }

    @Test
    void titleAndDescriptionStandInForMissingOnes() {
        String html = "<head><title> Plain page </title><meta name=\"description\" content=\"What it is\"></head>";

        assertEquals(Map.of("og:title", "Plain page", "og:description", "What it is"),
                OpenGraph.parse(html.getBytes(StandardCharsets.UTF_8), "text/html"));
    }

    @Test
    void charsetFromTheHeaderElseTheMetaElseUtf8() {
        byte[] latin1 = "<meta charset=\"iso-8859-1\"><meta property=\"og:title\" content=\"Café\">"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("Café", OpenGraph.parse(latin1, "text/html").get("og:title"));
        assertEquals("Café", OpenGraph.parse(latin1, "text/html; charset=\"ISO-8859-1\"").get("og:title"));
        byte[] utf8 = "<meta property=\"og:title\" content=\"Café\">".getBytes(StandardCharsets.UTF_8);
        assertEquals("Café", OpenGraph.parse(utf8, "text/html; charset=no-such-charset").get("og:title"));
    }

    @Test
    void boundedInCountAndLength() {
        StringBuilder html = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            html.append("<meta property=\"og:p").append(i).append("\" content=\"").append("x".repeat(5000)).append("\">");
        }
        Map<String, String> og = OpenGraph.parse(html.toString().getBytes(StandardCharsets.UTF_8), "text/html");

        assertEquals(OpenGraph.MAX_PROPERTIES, og.size());
        assertEquals(OpenGraph.MAX_VALUE, og.get("og:p0").length());
    }
}
