package dev.postern.server.portal;

import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.PortalSession;
import dev.postern.core.store.Scope;
import dev.postern.server.setup.AppleProfile;
import dev.postern.server.views.MailServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one page that ever shows an app password: in its grouped form, with a copy button (a script
 * from the jar shows it; without JavaScript the text is there to select), next to the settings to type
 * into a mail app.
 */
final class CreatedPage {

    static final String TITLE = "Your new app password";
    static final String SHOWN_ONCE = "Type or paste it into your mail app now: it is shown only this once."
            + " If you lose it, revoke it and create another.";

    static final String PROFILE_BUTTON = "Download the settings for iPhone, iPad and Mac";
    static final String PROFILE_GONE = "That configuration profile can no longer be made: it is offered only on the"
            + " page that shows a new app password, for a few minutes. Create another app password for the device.";
    /** How long after its creation the page's form still makes the profile of an app password. */
    static final Duration PROFILE_WINDOW = Duration.ofMinutes(15);

    private CreatedPage() {
    }

    /** The protocols an app password with {@code scopes} reads mail with, as a mail app names them. */
    static List<String> incoming(Set<Scope> scopes) {
        List<String> protocols = new ArrayList<>();
        if (scopes.contains(Scope.IMAP) || scopes.contains(Scope.IMAP_READ)) {
            protocols.add("IMAP");
        }
        if (scopes.contains(Scope.POP3)) {
            protocols.add("POP3");
        }
        return protocols;
    }

    /** The Apple profile's form, when the gateway has servers for an account with this app password. */
    private static String profileForm(PortalSession session, AppPasswordRecord record, String password,
                                      List<MailServer> servers) {
        if (AppleProfile.servers(servers, incoming(record.scopes())).isEmpty()) {
            return "";
        }
        return "<form method=\"post\" action=\"" + PortalPages.APPLE_PROFILE_PATH + "\" class=\"profile\">"
                + Html.csrfField(session.csrfToken())
                + "<input type=\"hidden\" name=\"id\" value=\"" + Html.text(record.id()) + "\">"
                + "<input type=\"hidden\" name=\"password\" value=\"" + Html.text(password) + "\">"
                + "<p><button type=\"submit\" id=\"apple-profile\">" + PROFILE_BUTTON + "</button> A configuration"
                + " profile with these settings and the app password: open it on the device and install it in"
                + " Settings. Offered only here.</p></form>\n";
    }

    static String render(PortalSession session, AppPasswordRecord record, String password, List<MailServer> servers) {
        StringBuilder main = new StringBuilder();
        main.append("<p>For <strong>").append(Html.text(record.label())).append("</strong>. ").append(SHOWN_ONCE)
                .append("</p>\n<div class=\"secret\"><code id=\"app-password\">").append(Html.text(password))
                .append("</code> <button type=\"button\" class=\"copy\" data-copy=\"app-password\" hidden>Copy</button>")
                .append("<span class=\"copied\" role=\"status\" aria-live=\"polite\"></span></div>\n")
                .append("<section aria-labelledby=\"settings-heading\"><h2 id=\"settings-heading\">Settings for your")
                .append(" mail app</h2>\n<p>For Thunderbird, Outlook, Apple Mail and others. User name: <strong>")
                .append(Html.text(session.user())).append("</strong>; password: the app password above;")
                .append(" authentication: normal password.</p>\n");
        if (!servers.isEmpty()) {
            main.append("<div class=\"table\"><table id=\"mail-settings\">\n<thead><tr><th scope=\"col\">Protocol</th>")
                    .append("<th scope=\"col\">Server</th><th scope=\"col\">Port</th><th scope=\"col\">Security</th>")
                    .append("</tr></thead>\n<tbody>\n");
            for (MailServer server : servers) {
                main.append("<tr><td data-label=\"Protocol\">").append(Html.text(server.protocol()))
                        .append("</td><td data-label=\"Server\">").append(Html.text(server.host()))
                        .append("</td><td data-label=\"Port\">").append(server.port())
                        .append("</td><td data-label=\"Security\">").append(Html.text(server.security()))
                        .append("</td></tr>\n");
            }
            main.append("</tbody></table></div>\n");
        }
        main.append(profileForm(session, record, password, servers));
        main.append("</section>\n<p><a href=\"/\">Back to your app passwords</a></p>\n");
        return Html.page(TITLE, AccountPage.signedInHeader(session), main.toString(), true);
    }
}
