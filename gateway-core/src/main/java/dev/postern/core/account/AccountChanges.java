package dev.postern.core.account;

/**
 * Told by {@link AccountService} after it changed a user's account (the user added, removed, suspended or resumed,
 * an app password created, imported or revoked, the upstream password set). Inside a serving process the
 * verifier listens, so that the next login of that user sees the change at once instead of after
 * its cached state expires.
 */
@FunctionalInterface
public interface AccountChanges {

    /** Nobody listens: the command line, whose process serves no logins. */
    AccountChanges NONE = user -> { };

    /** @param user the normalised name of the user whose account changed */
    void changed(String user);
}
