package dev.postern.server.portal;

/**
 * The pages that only say something: the sign-in page, a refused sign-in (and why), an expired form,
 * and errors. Their texts are the constants here and {@link SignInRefused.Reason}.
 */
final class MessagePage {

    static final String SIGN_IN_TITLE = "Sign in";
    static final String SIGN_IN_TEXT = "Sign in with your organisation's account to see and manage the app"
            + " passwords your mail apps use.";
    static final String REFUSED_TITLE = "You were not signed in";
    static final String FORBIDDEN_TITLE = "This request was refused";
    static final String CSRF_REFUSED = "The form did not carry this session's security token, so nothing was"
            + " changed. Go back to your app passwords and try again.";
    static final String SESSION_ENDED = "Your session has ended, so nothing was changed. Sign in again.";
    static final String SUSPENDED = "Your account is suspended: app passwords cannot be created. Ask your"
            + " administrator.";
    static final String NOT_FOUND_TITLE = "Page not found";
    static final String NOT_FOUND = "There is no such page.";
    static final String UNAVAILABLE_TITLE = "Try again in a minute";
    static final String PROVIDER_UNAVAILABLE = "The identity provider cannot be reached now, so nobody can sign in."
            + " Try again in a minute.";
    static final String STORE_UNAVAILABLE = "The service cannot reach its database now. Try again in a minute.";
    static final String FAILED_TITLE = "Something went wrong";
    static final String FAILED = "The request failed; the gateway's log says why. Try again.";
    static final String BUSY = "The service is busy. Try again in a moment.";

    private MessagePage() {
    }

    static String signIn() {
        return Html.page(SIGN_IN_TITLE, "", "<p>" + SIGN_IN_TEXT + "</p>\n<p><a class=\"button\" href=\""
                + PortalPages.SIGN_IN_PATH + "\" id=\"sign-in\">Sign in</a></p>\n", false);
    }

    static String refused(SignInRefused.Reason reason) {
        return Html.page(REFUSED_TITLE, "", "<p class=\"error\" role=\"alert\">" + Html.text(reason.text())
                + "</p>\n<p><a class=\"button\" href=\"" + PortalPages.SIGN_IN_PATH + "\">Sign in again</a></p>\n", false);
    }

    /** A page with one sentence and a link home. */
    static String message(String title, String text) {
        return Html.page(title, "", "<p>" + Html.text(text) + "</p>\n<p><a href=\"/\">Back to the start</a></p>\n",
                false);
    }
}
