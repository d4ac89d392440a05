package dev.postern.server.portal;

import dev.postern.core.store.PortalSession;
import dev.postern.core.store.UserRecord;

/**
 * "Your mailbox" on the signed-in page (upstream {@code oauth2} with grant {@code refresh-token}):
 * whether the gateway may reach the user's mailbox at the mail provider, since when, or since when it
 * needs connecting again and why, with the button that connects it ({@link MailboxConnect}).
 */
final class MailboxSection {

    static final String HEADING = "Your mailbox";
    static final String NOT_CONNECTED = "Your mailbox is not connected yet: your app passwords cannot reach it until"
            + " you connect it. You sign in at your mail provider and allow this gateway to reach your mail.";
    static final String NEEDS_RECONNECT = "Your mailbox needs connecting again: your mail provider stopped accepting"
            + " this gateway's access (a password change, a revoked consent or an expired sign-in). Until you"
            + " connect it again, your mail apps cannot sign in.";
    static final String CONNECT = "Connect your mailbox";
    static final String RECONNECT = "Connect your mailbox again";

    private MailboxSection() {
    }

    /** @param connection the user's upstream consent, or null when they never connected */
    static String render(PortalSession session, UserRecord.Connection connection) {
        StringBuilder section = new StringBuilder("<section aria-labelledby=\"mailbox-heading\" id=\"mailbox\">\n")
                .append("<h2 id=\"mailbox-heading\">").append(HEADING).append("</h2>\n");
        String button;
        if (connection == null) {
            section.append("<p class=\"error\" role=\"status\">").append(NOT_CONNECTED).append("</p>\n");
            button = CONNECT;
        } else if (connection.needsReconnect()) {
            section.append("<p class=\"error\" role=\"alert\">").append(NEEDS_RECONNECT).append(" Since ")
                    .append(Html.time(connection.needsReconnectSince(), ""))
                    .append(connection.needsReconnectReason() == null ? ""
                            : "; the provider said: " + Html.text(connection.needsReconnectReason()))
                    .append(".</p>\n");
            button = RECONNECT;
        } else {
            section.append("<p class=\"connected\">Connected since ").append(Html.time(connection.connectedAt(), ""))
                    .append(". Your app passwords reach your mailbox.</p>\n");
            button = RECONNECT;
        }
        return section.append("<form method=\"post\" action=\"").append(MailboxConnect.START_PATH).append("\">")
                .append(Html.csrfField(session.csrfToken())).append("<p><button type=\"submit\" id=\"connect-mailbox\">")
                .append(button).append("</button></p></form>\n</section>\n").toString();
    }
}
