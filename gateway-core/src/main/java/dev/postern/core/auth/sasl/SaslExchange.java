package dev.postern.core.auth.sasl;

import dev.postern.core.auth.LoginRequest;
import java.util.Locale;

/**
 * The server side of a client's SASL exchange, the same for IMAP {@code AUTHENTICATE} and SMTP
 * {@code AUTH}: the mechanism choice, PLAIN with or without an initial response (RFC 4616, SASL-IR
 * RFC 4959, RFC 4954), LOGIN with its user name and password prompts (the user name may come as the
 * initial response), {@code *} to cancel a response, and the decoders' strictness and bounds on
 * every response. The front frames each {@link SaslStep} in its protocol's words.
 *
 * <p>{@link #start} begins an exchange; an instance is an exchange waiting for the client's
 * response to a challenge (from {@link SaslStep.Challenge#exchange()}), answered once by
 * {@link #respond}. Instances are immutable; a front keeps the one it waits on, and drops it when
 * the client sends something else.
 */
public final class SaslExchange {

    /** What the client's next line answers. */
    private enum Awaiting { PLAIN, LOGIN_USER, LOGIN_PASSWORD }

    /** The empty initial response (RFC 4959 §3, RFC 4954 §4): as opposed to none at all. */
    static final String EMPTY_INITIAL_RESPONSE = "=";
    /** A response that cancels the exchange. */
    static final String CANCEL = "*";
    /** PLAIN's challenge: empty, the client sends everything in its response. */
    static final String PLAIN_CHALLENGE = "";

    private final Awaiting awaiting;
    /** The user name, set only while LOGIN waits for the password. */
    private final String user;

    private SaslExchange(Awaiting awaiting, String user) {
        this.awaiting = awaiting;
        this.user = user;
    }

    /**
     * Starts an exchange for the mechanism the client named (any case).
     *
     * @param initialResponse what followed the mechanism on the command line: {@code null} when
     *                        nothing did, {@code =} for an empty one; {@code *} is not a cancel here
     */
    public static SaslStep start(String mechanism, String initialResponse) {
        String initial = EMPTY_INITIAL_RESPONSE.equals(initialResponse) ? "" : initialResponse;
        switch (mechanism.toUpperCase(Locale.ROOT)) {
            case "PLAIN":
                return initial == null ? challenge(PLAIN_CHALLENGE, Awaiting.PLAIN, null) : plain(initial);
            case "LOGIN":
                return initial == null ? challenge(SaslLogin.USERNAME_CHALLENGE, Awaiting.LOGIN_USER, null) : loginUser(initial);
            default:
                return new SaslStep.UnknownMechanism();
        }
    }

    /** The client's line after this exchange's challenge: {@code *} cancels, anything else is the response. */
    public SaslStep respond(String line) {
        if (CANCEL.equals(line)) {
            return new SaslStep.Cancelled();
        }
        switch (awaiting) {
            case PLAIN:
                return plain(line);
            case LOGIN_USER:
                return loginUser(line);
            default:
                return loginPassword(user, line);
        }
    }

    private static SaslStep plain(String base64) {
        SaslOutcome outcome = SaslPlain.decode(base64);
        if (outcome instanceof SaslOutcome.Credentials credentials) {
            return new SaslStep.Complete(LoginRequest.plain(credentials.authzid(), credentials.authcid(), credentials.password()));
        }
        return new SaslStep.Malformed(((SaslOutcome.Malformed) outcome).reason());
    }

    private static SaslStep loginUser(String base64) {
        SaslText text = SaslLogin.decodeUsername(base64);
        if (text instanceof SaslText.Value value) {
            return challenge(SaslLogin.PASSWORD_CHALLENGE, Awaiting.LOGIN_PASSWORD, value.text());
        }
        return new SaslStep.Malformed(((SaslText.Malformed) text).reason());
    }

    private static SaslStep loginPassword(String user, String base64) {
        SaslText text = SaslLogin.decodePassword(base64);
        if (text instanceof SaslText.Value password) {
            return new SaslStep.Complete(LoginRequest.login(user, password.text()));
        }
        return new SaslStep.Malformed(((SaslText.Malformed) text).reason());
    }

    private static SaslStep challenge(String challenge, Awaiting next, String user) {
        return new SaslStep.Challenge(challenge, new SaslExchange(next, user));
    }

    @Override
    public String toString() {
        return "SaslExchange[awaiting " + awaiting + "]";
    }
}
