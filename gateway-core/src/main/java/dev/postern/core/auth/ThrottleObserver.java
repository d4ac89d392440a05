package dev.postern.core.auth;

/**
 * Told of every throttle action a front takes, e.g. to count {@code postern_throttle_actions_total{protocol,action}}.
 * Actions: {@code delay} (checked after a wait), {@code refuse} (refused unchecked), {@code connection_refused}.
 */
@FunctionalInterface
public interface ThrottleObserver {

    ThrottleObserver NONE = (protocol, action) -> { };

    void action(String protocol, String action);
}
