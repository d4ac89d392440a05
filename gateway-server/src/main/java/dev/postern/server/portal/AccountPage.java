package dev.postern.server.portal;

import dev.postern.core.account.AccountService;
import dev.postern.core.store.Activity;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.PortalSession;
import dev.postern.core.store.Scope;
import dev.postern.server.views.AppPasswordJson;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The signed-in page: the user's app passwords (label, scopes, created, expiry, last use and its
 * address, status) each with a revoke button, "revoke all", and the form that creates one.
 */
final class AccountPage {

    static final String TITLE = "Your app passwords";
    static final String NONE_YET = "You have no app passwords yet.";
    static final String SIGNED_IN_AGAIN = "You signed in again: you can create the app password now.";
    static final String REVOKE_ALL = "Revoke all app passwords";
    static final String CREATE = "Create app password";
    static final String ACTIVITY = "Recent sign-ins to your mailbox";
    static final String NO_ACTIVITY = "No sign-ins yet.";
    /** Lines of activity the page shows, newest first. */
    static final int ACTIVITY_LINES = 20;
    /** The expiry choices of the form: value (a duration, empty for none) and what the person reads. */
    static final List<String[]> EXPIRY_CHOICES = List.of(new String[] {"", "Never"},
            new String[] {"30d", "In 30 days"}, new String[] {"90d", "In 90 days"}, new String[] {"365d", "In a year"});

    private AccountPage() {
    }

    /**
     * @param offered the scopes of the configured protocols
     * @param notice  a sentence to show above the list (text), or null
     * @param error   what was wrong with the last form (text), or null
     * @param mailbox the "your mailbox" section ({@link MailboxSection}), empty when there is none
     */
    static String render(PortalSession session, List<AppPasswordRecord> passwords, List<Activity> activity,
                         Set<Scope> offered, Instant now, String notice, String error, String mailbox) {
        StringBuilder main = new StringBuilder();
        if (notice != null) {
            main.append("<p class=\"notice\" role=\"status\">").append(Html.text(notice)).append("</p>\n");
        }
        if (error != null) {
            main.append("<p class=\"error\" role=\"alert\">").append(Html.text(error)).append("</p>\n");
        }
        main.append(mailbox);
        main.append("<section aria-labelledby=\"list-heading\">\n<h2 id=\"list-heading\">Existing app passwords</h2>\n");
        if (passwords.isEmpty()) {
            main.append("<p>").append(NONE_YET).append("</p>\n");
        } else {
            main.append("<div class=\"table\"><table id=\"app-passwords\">\n<thead><tr><th scope=\"col\">Label</th>")
                    .append("<th scope=\"col\">Scopes</th><th scope=\"col\">Created</th><th scope=\"col\">Expires</th>")
                    .append("<th scope=\"col\">Last used</th><th scope=\"col\">Status</th>")
                    .append("<th scope=\"col\"><span class=\"hidden\">Action</span></th></tr></thead>\n<tbody>\n");
            boolean anyActive = false;
            for (AppPasswordRecord record : passwords) {
                AppPasswordJson.Status status = AppPasswordJson.Status.of(record, now);
                boolean active = record.isActiveAt(now);
                anyActive |= active;
                main.append("<tr id=\"ap-").append(Html.text(record.id())).append("\">")
                        .append("<td data-label=\"Label\">").append(Html.text(record.label())).append("</td>")
                        .append("<td data-label=\"Scopes\">").append(Html.text(Scope.format(record.scopes()))).append("</td>")
                        .append("<td data-label=\"Created\">").append(Html.time(record.createdAt(), "")).append("</td>")
                        .append("<td data-label=\"Expires\">").append(Html.time(record.expiresAt(), "never")).append("</td>")
                        .append("<td data-label=\"Last used\">").append(Html.time(record.lastUsedAt(), "never"))
                        .append(record.lastUsedIp() == null ? "" : " from " + Html.text(record.lastUsedIp())).append("</td>")
                        .append("<td data-label=\"Status\" class=\"status\">").append(status.wireName()).append("</td><td>");
                if (active) {
                    main.append("<form method=\"post\" action=\"").append(PortalPages.REVOKE_PATH).append("\">")
                            .append(Html.csrfField(session.csrfToken()))
                            .append("<input type=\"hidden\" name=\"id\" value=\"").append(Html.text(record.id())).append("\">")
                            .append("<button type=\"submit\" class=\"danger\" aria-label=\"Revoke ")
                            .append(Html.text(record.label())).append("\">Revoke</button></form>");
                }
                main.append("</td></tr>\n");
            }
            main.append("</tbody></table></div>\n");
            if (anyActive) {
                main.append("<form method=\"post\" action=\"").append(PortalPages.REVOKE_ALL_PATH).append("\">")
                        .append(Html.csrfField(session.csrfToken())).append("<p><button type=\"submit\" class=\"danger\">")
                        .append(REVOKE_ALL).append("</button></p></form>\n");
            }
        }
        main.append("</section>\n");
        main.append("<section aria-labelledby=\"create-heading\">\n<h2 id=\"create-heading\">New app password</h2>\n")
                .append("<p>Each mail app or device gets its own app password; revoke it when you stop using it.</p>\n")
                .append("<form method=\"post\" action=\"").append(PortalPages.CREATE_PATH).append("\" class=\"create\">")
                .append(Html.csrfField(session.csrfToken()))
                .append("<p><label for=\"label\">Label (the app or device)</label>")
                .append("<input id=\"label\" name=\"label\" type=\"text\" required maxlength=\"")
                .append(AccountService.MAX_LABEL).append("\" autocomplete=\"off\"></p>\n")
                .append("<fieldset><legend>What it may do</legend>\n");
        for (Scope scope : offered) {
            boolean checked = scope == Scope.IMAP || scope == Scope.SMTP;
            main.append("<p><input type=\"checkbox\" name=\"scope\" id=\"scope-").append(scope.wireName())
                    .append("\" value=\"").append(scope.wireName()).append("\"").append(checked ? " checked" : "")
                    .append("> <label for=\"scope-").append(scope.wireName()).append("\">").append(scopeText(scope))
                    .append("</label></p>\n");
        }
        main.append("</fieldset>\n<p><label for=\"expires\">Expires</label><select id=\"expires\" name=\"expires\">");
        for (String[] choice : EXPIRY_CHOICES) {
            main.append("<option value=\"").append(choice[0]).append("\">").append(choice[1]).append("</option>");
        }
        main.append("</select></p>\n<p><button type=\"submit\">").append(CREATE).append("</button></p>\n</form>\n</section>\n");
        main.append(activity(activity));

        return Html.page(TITLE, signedInHeader(session), main.toString(), false);
    }

    /** The latest logins to the mailbox through the gateway, accepted and refused. */
    private static String activity(List<Activity> lines) {
        StringBuilder section = new StringBuilder("<section aria-labelledby=\"activity-heading\">\n<h2 id=\"activity-heading\">")
                .append(ACTIVITY).append("</h2>\n");
        if (lines.isEmpty()) {
            return section.append("<p>").append(NO_ACTIVITY).append("</p>\n</section>\n").toString();
        }
        section.append("<div class=\"table\"><table id=\"activity\">\n<thead><tr><th scope=\"col\">When</th>")
                .append("<th scope=\"col\">From</th><th scope=\"col\">Protocol</th><th scope=\"col\">Result</th></tr>")
                .append("</thead>\n<tbody>\n");
        for (Activity line : lines) {
            String result = line.outcome().equals(Activity.SUCCESS)
                    ? "Signed in" + (line.label() == null ? "" : " with \u201c" + line.label() + "\u201d")
                    : "Refused: " + refusal(line.reason());
            section.append("<tr><td data-label=\"When\">").append(Html.time(line.at(), "")).append("</td>")
                    .append("<td data-label=\"From\">").append(Html.text(line.clientIp())).append("</td>")
                    .append("<td data-label=\"Protocol\">").append(Html.text(line.protocol().toUpperCase(Locale.ROOT)))
                    .append("</td><td data-label=\"Result\">").append(Html.text(result)).append("</td></tr>\n");
        }
        return section.append("</tbody></table></div>\n</section>\n").toString();
    }

    /** A refusal reason in words a user understands. */
    static String refusal(String reason) {
        return switch (reason == null ? "" : reason) {
            case "wrong_password" -> "wrong password";
            case "revoked" -> "the app password was revoked";
            case "expired" -> "the app password has expired";
            case "suspended" -> "the account is suspended";
            case "out_of_scope" -> "the app password is not for this protocol";
            case "source_not_allowed" -> "the app password is not allowed from that network";
            default -> reason == null ? "unknown" : reason.replace('_', ' ');
        };
    }

    /** Who is signed in, and the sign-out button. */
    static String signedInHeader(PortalSession session) {
        return "<form method=\"post\" action=\"" + PortalPages.SIGN_OUT_PATH + "\" class=\"who\">"
                + Html.csrfField(session.csrfToken()) + "<span>" + Html.text(session.user()) + "</span> "
                + "<button type=\"submit\">Sign out</button></form>";
    }

    private static String scopeText(Scope scope) {
        return switch (scope) {
            case IMAP -> "Read and manage mail (IMAP)";
            case IMAP_READ -> "Read mail only (IMAP, read-only)";
            case SMTP -> "Send mail (SMTP)";
            case POP3 -> "Download mail (POP3)";
        };
    }
}
