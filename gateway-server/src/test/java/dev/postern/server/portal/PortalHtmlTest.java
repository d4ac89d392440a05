package dev.postern.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Escaping and the shared page frame: nothing a user typed becomes markup; every page loads only files of the portal. */
class PortalHtmlTest {

    @Test
    void shouldEscapeEveryCharacterThatCouldOpenMarkup() {
        assertThat(Html.text("<script>alert(\"x\")</script> & 'y'"))
                .isEqualTo("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
        assertThat(Html.text("bell\u0007")).isEqualTo("bell\uFFFD");
        assertThat(Html.text(null)).isEmpty();
    }

    @Test
    void shouldFramePagesWithoutInlineScriptAndWithAViewport() {
        String page = Html.page("A <title>", "", "<p>body</p>", true);

        assertThat(page).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">",
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                "<title>A &lt;title&gt; - Postern</title>", "<link rel=\"stylesheet\" href=\"/static/portal.css\">",
                "<script src=\"/static/copy.js\" defer></script>", "<main id=\"main\">");
        assertThat(page.replace("<script src=\"/static/copy.js\" defer></script>", "")).doesNotContain("<script");
        assertThat(Html.page("t", "", "", false)).doesNotContain("<script");
    }

    @Test
    void shouldShowTimesInUtc() {
        assertThat(Html.time(Instant.parse("2026-01-05T09:07:00Z"), "never")).isEqualTo("2026-01-05 09:07 UTC");
        assertThat(Html.time(null, "never")).isEqualTo("never");
    }
}
