package dev.postern.server.portal;

import dev.postern.core.observe.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * The portal's counters: {@code postern_portal_sign_ins_total{result}} (signed_in, refused,
 * signed_out) and {@code postern_portal_actions_total{action}} (app_password_created,
 * app_password_revoked, apple_profile, mailbox_connected, mailbox_connect_failed). Their labels are
 * the constants of the callers, so the series stay few.
 */
final class PortalMeters {

    static final String APPLE_PROFILE = "apple_profile";
    static final String MAILBOX_CONNECT_FAILED = "mailbox_connect_failed";

    private final MeterRegistry registry;

    PortalMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    void signIn(String result) {
        count(Meters.PORTAL_SIGN_INS, "result", result);
    }

    void action(String action) {
        count(Meters.PORTAL_ACTIONS, "action", action);
    }

    private void count(String name, String tag, String value) {
        Counter.builder(name).description(Meters.description(name)).tag(tag, value).register(registry).increment();
    }
}
