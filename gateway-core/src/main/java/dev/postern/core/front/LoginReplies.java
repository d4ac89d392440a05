package dev.postern.core.front;

/**
 * The protocol's words for each outcome of a login, for the command the {@link LoginFlow} is
 * answering: a front whose replies name the command (the IMAP tag) remembers which one is in flight
 * itself. Every reply is complete lines, CRLF included.
 */
public interface LoginReplies {

    /** Refused: unknown user, wrong, revoked, expired or out-of-scope password (all read the same). */
    String authenticationFailed();

    /** The client asked to act as another user than the one it authenticated as. */
    String authorizationFailed();

    /** The check could not be made (store, hash pool) or the source is throttled: try later. */
    String temporaryFailure();

    /** The credential was good but the upstream could not be logged in to: the gateway's fault. */
    String upstreamUnavailable();

    /** Logged in; {@code capabilities} is what the upstream announced after login (IMAP). */
    String loggedIn(String capabilities);

    /** The last line before closing after too many failed logins. */
    String tooManyFailures();

    /** The last line before closing when more than the bound was pipelined behind the login. */
    String tooMuchData();
}
