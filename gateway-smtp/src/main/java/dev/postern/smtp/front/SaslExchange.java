package dev.postern.smtp.front;

/**
 * An AUTH exchange waiting for the client's next line after a {@code 334}. {@code user} is set
 * only while AUTH LOGIN waits for the password.
 */
record SaslExchange(Step step, String user) {

    enum Step { PLAIN, LOGIN_USER, LOGIN_PASSWORD }

    static SaslExchange plain() {
        return new SaslExchange(Step.PLAIN, null);
    }

    static SaslExchange loginAskingUser() {
        return new SaslExchange(Step.LOGIN_USER, null);
    }

    static SaslExchange loginAskingPassword(String user) {
        return new SaslExchange(Step.LOGIN_PASSWORD, user);
    }

    @Override
    public String toString() {
        return "SaslExchange[" + step + "]";
    }
}
