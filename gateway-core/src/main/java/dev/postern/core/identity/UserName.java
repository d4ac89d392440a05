package dev.postern.core.identity;

import java.util.Optional;

/**
 * A user name already normalised by {@link UserNames#normalise}: the only way to get one is
 * {@link #of}, so code that takes a {@code UserName} (the failure throttle, the verifier) never
 * normalises again. A login normalises what the client typed once, when it starts.
 */
public final class UserName {

    private final String value;

    private UserName(String value) {
        this.value = value;
    }

    /** The normalised name, or empty if {@code raw} cannot be a user name. */
    public static Optional<UserName> of(String raw) {
        return UserNames.normalise(raw).map(UserName::new);
    }

    /** The normalised name as text: what the store is keyed by and what is sent upstream. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserName that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
