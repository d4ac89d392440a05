package dev.postern.server.portal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writing HTML: every value that is not the page's own text goes through {@link #text} (a label
 * {@code <script>} shows as text), and every page shares one frame ({@link #page}): language,
 * viewport for phones, the stylesheet from the jar, a skip link, one {@code main}.
 */
final class Html {

    static final String STYLESHEET = "/static/portal.css";
    static final String COPY_SCRIPT = "/static/copy.js";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Html() {
    }

    /** {@code value} escaped for element content and quoted attribute values. */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /** An instant as the pages show it, or {@code none}. */
    static String time(Instant instant, String none) {
        return instant == null ? none : TIME.format(instant);
    }

    /** A hidden field with the session's CSRF token. */
    static String csrfField(String token) {
        return "<input type=\"hidden\" name=\"" + PortalPages.CSRF_FIELD + "\" value=\"" + text(token) + "\">";
    }

    /** A whole page: {@code title} (text) and {@code main} (HTML); {@code header} (HTML) may be empty. */
    static String page(String title, String header, String main, boolean copyScript) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + text(title) + " - Postern</title>\n"
                + "<link rel=\"stylesheet\" href=\"" + STYLESHEET + "\">\n"
                + (copyScript ? "<script src=\"" + COPY_SCRIPT + "\" defer></script>\n" : "")
                + "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
                + "<header class=\"top\"><p class=\"brand\">Postern</p>" + header + "</header>\n"
                + "<main id=\"main\">\n<h1>" + text(title) + "</h1>\n" + main + "</main>\n</body>\n</html>\n";
    }
}
