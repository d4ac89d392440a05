package dev.postern.imap.front;

/**
 * An AUTHENTICATE exchange waiting for the client's next continuation line. {@code user} is set
 * only while AUTHENTICATE LOGIN waits for the password.
 */
record SaslDialogue(String tag, Step step, String user) {

    enum Step { PLAIN, LOGIN_USER, LOGIN_PASSWORD }

    static SaslDialogue plain(String tag) {
        return new SaslDialogue(tag, Step.PLAIN, null);
    }

    static SaslDialogue loginAskingUser(String tag) {
        return new SaslDialogue(tag, Step.LOGIN_USER, null);
    }

    static SaslDialogue loginAskingPassword(String tag, String user) {
        return new SaslDialogue(tag, Step.LOGIN_PASSWORD, user);
    }

    @Override
    public String toString() {
        return "SaslDialogue[" + tag + ", " + step + "]";
    }
}
