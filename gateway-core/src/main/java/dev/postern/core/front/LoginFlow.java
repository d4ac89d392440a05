package dev.postern.core.front;

import dev.postern.core.auth.AuthResult;
import dev.postern.core.auth.FailureThrottle;
import dev.postern.core.auth.LoginAttempt;
import dev.postern.core.auth.LoginRequest;
import dev.postern.core.auth.RejectReason;
import dev.postern.core.identity.UserName;
import dev.postern.core.identity.UserNames;
import dev.postern.core.ingress.ClientAddress;
import dev.postern.core.ingress.ConnectionContext;
import dev.postern.core.observe.LoginEvent;
import dev.postern.core.observe.LoginOutcome;
import dev.postern.core.observe.LoginPhase;
import dev.postern.core.observe.ThrottleAction;
import dev.postern.core.relay.Relay;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.relay.SessionRestriction;
import dev.postern.core.store.Activity;
import dev.postern.core.upstream.UpstreamFailure;
import dev.postern.core.upstream.UpstreamIdentity;
import dev.postern.core.upstream.UpstreamSession;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's way from a presented credential to a relayed session, the same for IMAP and
 * SMTP: ask the {@link FailureThrottle} (a source past its threshold gets a temporary failure
 * without a check), check the credential off the event loop, and only on success connect and log in
 * upstream, answer the client and splice. Refusals are answered after the throttle's growing delay,
 * counted from the start of the check (so the check's own length never shows) and scheduled on the
 * event loop; upstream trouble is the gateway's fault, answered as a temporary failure and not
 * counted against the client. Every check gets one audit line and its metrics, also when the client
 * hung up before the answer; an accepted login whose session never starts is audited
 * {@code abandoned}.
 *
 * <p>While a check runs, the decoder is suspended: bytes the client pipelined behind its login stay
 * buffered in it (bounded; more ends the session) and reach the upstream, in order, after the
 * hand-off (RFC 4954 §4 for SMTP). Reads stay on, so a client that leaves meanwhile is noticed at
 * once and its pending upstream connection is dropped rather than kept until the login timeout.
 *
 * <p>Confined to the connection's event loop: no field needs to be volatile.
 */
public final class LoginFlow {

    private static final Logger LOG = LoggerFactory.getLogger(LoginFlow.class);
    /** Audit reasons of an {@code abandoned} login. */
    static final String REASON_CLIENT_LEFT = "client_left";
    static final String REASON_TOO_MUCH_DATA = "too_much_data";

    private final LoginServices services;
    private final LoginFront front;
    private final LoginReplies replies;
    private final String listener;
    private int failures;
    private boolean clientGone;
    private Future<UpstreamSession> upstreamInFlight;

    public LoginFlow(LoginServices services, LoginFront front, LoginReplies replies, String listener) {
        this.services = services;
        this.front = front;
        this.replies = replies;
        this.listener = listener;
    }

    /** Checks a credential the client presented; the answer goes to the front in the replies' words. */
    public void check(LoginRequest request) {
        String authzid = request.authzid();
        String authcid = request.user();
        front.decoder().suspend();
        Channel channel = front.context().channel();
        ConnectionContext.phase(channel, ConnectionContext.PHASE_LOGIN);
        Attempt attempt = new Attempt(request.mechanism(), authcid, System.nanoTime());
        if (!authzid.isEmpty() && !sameUser(authzid, attempt.user)) {
            audit(attempt, "rejected", "authzid_mismatch", null, 0);
            services.metrics().loginAttempt(services.protocol(), LoginOutcome.REJECTED, "authzid_mismatch");
            refuseLater(replies.authorizationFailed(), services.failureDelay());
            return;
        }
        FailureThrottle.Decision decision = services.throttle().before(attempt.user, clientAddress());
        if (decision.action() == FailureThrottle.Action.REFUSE) {
            // past the failure threshold: a temporary refusal without looking at the password
            services.throttle().report(services.protocol(), decision.action());
            audit(attempt, "throttled", "too_many_failures", null, 0);
            services.metrics().loginAttempt(services.protocol(), LoginOutcome.UNAVAILABLE, "too_many_failures");
            refuseLater(replies.temporaryFailure(), decision.delay());
            return;
        }
        if (decision.action() == FailureThrottle.Action.DELAY) {
            // Many recent failures against this user from anywhere: hold the answer. The check runs at
            // once, so an app password vouched for at this source (the owner's own device) is not held.
            services.throttle().report(services.protocol(), decision.action());
            attempt.hold = decision.delay();
        }
        verify(attempt, request.password());
    }

    /** The client's connection closed: forget it, and drop an upstream connection still logging in. */
    public void clientGone() {
        clientGone = true;
        Future<UpstreamSession> pending = upstreamInFlight;
        if (pending != null) {
            pending.cancel(false); // closes the upstream connection still logging in
            pending.addListener(done -> {
                if (done.isSuccess()) {
                    ((UpstreamSession) done.getNow()).channel().close();
                }
            });
        }
    }

    private void verify(Attempt attempt, String password) {
        attempt.checkStarted = loopNanos();
        if (attempt.user == null) {
            settle(attempt, new AuthResult.Rejected(RejectReason.MALFORMED)); // refused like a wrong password
            return;
        }
        String clientIp = ClientAddress.ip(front.context().channel());
        services.verifier().verify(new LoginAttempt(attempt.user, password, services.scope(), clientIp))
                .whenComplete((result, error) -> onEventLoop(() ->
                        settle(attempt, result != null ? result : new AuthResult.Unavailable("verifier failed"))));
    }

    /** Goes on with a finished check, after what is left of the per-user hold unless the login is vouched for. */
    private void settle(Attempt attempt, AuthResult result) {
        if (attempt.hold != null && !(result instanceof AuthResult.Success success
                && services.throttle().vouchedFor(attempt.user, clientAddress(), success.appPasswordId()))) {
            long remaining = attempt.hold.toNanos() - (loopNanos() - attempt.checkStarted);
            if (remaining > 0) {
                Channel channel = front.context().channel();
                front.context().executor().schedule(() -> ConnectionContext.run(channel, () -> {
                    attempt.checkStarted = loopNanos(); // a refusal's own delay follows the hold
                    checked(attempt, result);
                }), remaining, TimeUnit.NANOSECONDS);
                return;
            }
        }
        checked(attempt, result);
    }

    /**
     * Every finished check is audited and counted, and a refusal counts against its source, whether or
     * not the client is still there to hear the answer: a guess that hangs up still paid a hash.
     */
    private void checked(Attempt attempt, AuthResult result) {
        if (result instanceof AuthResult.Success success) {
            services.throttle().succeeded(attempt.user, clientAddress(), success.appPasswordId());
            if (clientGone) {
                abandoned(attempt, success, attempt.started, REASON_CLIENT_LEFT);
                return;
            }
            connectUpstream(attempt, success);
        } else if (result instanceof AuthResult.Rejected rejected) {
            audit(attempt, "rejected", rejected.reason().label(), null, 0);
            services.metrics().loginAttempt(services.protocol(), LoginOutcome.REJECTED, rejected.reason().label());
            Duration delay = services.throttle().failed(attempt.user, clientAddress());
            // The delay runs from the start of the check, not its end: how long the check took (how many
            // hashes, how slow the store) never shows in when the refusal arrives.
            refuseLater(replies.authenticationFailed(), delay.minusNanos(loopNanos() - attempt.checkStarted));
        } else {
            AuthResult.Unavailable unavailable = (AuthResult.Unavailable) result;
            audit(attempt, "unavailable", unavailable.cause().replace(' ', '_'), null, 0);
            services.metrics().loginAttempt(services.protocol(), LoginOutcome.UNAVAILABLE, unavailable.cause());
            if (!clientGone) {
                front.reply(replies.temporaryFailure());
                resume();
            }
        }
    }

    /** An accepted credential whose session never started: one audit line, as for any other login. */
    private void abandoned(Attempt attempt, AuthResult.Success success, long checkedAt, String reason) {
        audit(attempt, "abandoned", reason, success.appPasswordId(), elapsedMillis(checkedAt));
        services.metrics().loginAttempt(services.protocol(), LoginOutcome.ABANDONED, reason);
    }

    private void connectUpstream(Attempt attempt, AuthResult.Success success) {
        long checkedAt = System.nanoTime();
        Channel client = front.context().channel();
        InetSocketAddress address = ClientAddress.of(client);
        services.credentials().forUser(success.user()).whenComplete((credential, error) -> onEventLoop(() -> {
            if (clientGone) {
                abandoned(attempt, success, checkedAt, REASON_CLIENT_LEFT);
                return;
            }
            if (error != null) {
                UpstreamFailure failure = asFailure(error);
                services.metrics().upstreamFailure(services.protocol(), failure.kind());
                upstreamFailed(attempt, success, checkedAt, failure);
                return;
            }
            UpstreamIdentity identity = new UpstreamIdentity(success.user(), credential,
                    ClientAddress.ip(client), address.getPort());
            upstreamInFlight = services.upstream().connect(client, identity);
            upstreamInFlight.addListener(done -> ConnectionContext.run(client, () -> {
                upstreamInFlight = null;
                if (done.isCancelled()) {
                    // the client left: nothing to answer, and not the upstream's fault; the upstream may
                    // have logged the user in already, so this login still gets its line
                    abandoned(attempt, success, checkedAt, REASON_CLIENT_LEFT);
                    return;
                }
                if (!done.isSuccess()) {
                    upstreamFailed(attempt, success, checkedAt, asFailure(done.cause()));
                    return;
                }
                handOff(attempt, success, checkedAt, (UpstreamSession) done.getNow());
            }));
        }));
    }

    private void handOff(Attempt attempt, AuthResult.Success success, long checkedAt, UpstreamSession session) {
        Channel client = front.context().channel();
        if (clientGone || !client.isActive()) {
            session.channel().close();
            abandoned(attempt, success, checkedAt, REASON_CLIENT_LEFT);
            return;
        }
        if (front.decoder().isOverflowing()) {
            // More than the bound arrived behind the login and was dropped: the session cannot go on in
            // step. Close both rather than relay a mangled stream.
            session.channel().close();
            abandoned(attempt, success, checkedAt, REASON_TOO_MUCH_DATA);
            front.closeWith(replies.tooMuchData());
            return;
        }
        audit(attempt, "success", null, success.appPasswordId(), elapsedMillis(checkedAt));
        services.metrics().loginAttempt(services.protocol(), LoginOutcome.SUCCESS, null);
        services.metrics().loginPhase(services.protocol(), LoginPhase.UPSTREAM, System.nanoTime() - checkedAt);
        front.cancelPreAuthTimer();
        // a restricted app password (read-only IMAP, limited senders) gets a command filter instead of the
        // zero-parse splice
        SessionRestriction restriction = services.restrictions().forLogin(success).orElse(null);
        String capabilities = restriction == null ? session.capabilities()
                : restriction.capabilities(session.capabilities());
        front.reply(replies.loggedIn(capabilities));
        SessionListener events = services.sessions().get();
        Relay.splice(client, session.channel(), services.idleTimeout(), events,
                restriction == null ? null : restriction.newStages(capabilities));
        services.live().register(client, session.channel(), success.user(), success.appPasswordId(),
                success.credentialVersion(), listener, events);
        try {
            services.logins().loggedIn(services.protocol(), success, clientAddress());
        } catch (RuntimeException e) {
            LOG.warn("{} login watch failed for {}: {}", services.protocol(), success.user(), e.toString());
        }
    }

    private void upstreamFailed(Attempt attempt, AuthResult.Success success, long checkedAt, UpstreamFailure failure) {
        LOG.warn("{} upstream login for {} failed, gateway-side problem ({}): {}", services.protocol(),
                success.user(), failure.kind().label(), failure.getMessage());
        String reason = "upstream_" + failure.kind().label();
        audit(attempt, "unavailable", reason, success.appPasswordId(), elapsedMillis(checkedAt));
        services.metrics().loginAttempt(services.protocol(), LoginOutcome.UNAVAILABLE, reason);
        if (!clientGone) {
            front.reply(replies.upstreamUnavailable());
            resume();
        }
    }

    private void refuseLater(String reply, Duration delay) {
        services.metrics().throttled(services.protocol(), ThrottleAction.FAILURE_DELAY);
        Channel channel = front.context().channel();
        front.context().executor().schedule(() -> ConnectionContext.run(channel, () -> {
            if (clientGone) {
                return;
            }
            front.reply(reply);
            failures++;
            if (failures >= services.maxAuthFailures()) {
                services.metrics().throttled(services.protocol(), ThrottleAction.DISCONNECT_AUTH_FAILURES);
                front.closeWith(replies.tooManyFailures());
            } else {
                resume();
            }
        }), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    private void resume() {
        ConnectionContext.phase(front.context().channel(), ConnectionContext.PHASE_PRE_AUTH);
        front.decoder().resume();
    }

    /** The event loop's clock, the one its scheduled answers run by (a test's loop may move it by hand). */
    private long loopNanos() {
        return front.context().executor().ticker().nanoTime();
    }

    private InetAddress clientAddress() {
        return ClientAddress.of(front.context().channel()).getAddress();
    }

    private void onEventLoop(Runnable task) {
        try {
            Channel channel = front.context().channel();
            front.context().executor().execute(() -> ConnectionContext.run(channel, task));
        } catch (RejectedExecutionException e) {
            LOG.debug("event loop shut down before a login finished");
        }
    }

    private void audit(Attempt attempt, String outcome, String reason, String appPasswordId, long upstreamMillis) {
        Channel channel = front.context().channel();
        String clientIp = ClientAddress.ip(channel);
        services.audit().login(new LoginEvent(services.protocol(), listener, clientIp,
                attempt.typedUser, attempt.mechanism, outcome, reason, appPasswordId,
                elapsedMillis(attempt.started) - upstreamMillis, upstreamMillis));
        if (attempt.user != null && isAboutAKnownUser(outcome, reason)) {
            try {
                services.logins().attempted(new Activity(attempt.user.value(), Instant.now(), services.protocol(),
                        clientIp, outcome, reason, appPasswordId, null));
            } catch (RuntimeException e) {
                LOG.warn("{} login watch failed for {}: {}", services.protocol(), attempt.user, e.toString());
            }
        }
    }

    /**
     * Whether a login's verdict belongs in the user's activity: accepted, or refused after the
     * credential was checked against a user the store knows (an unknown or malformed name, a
     * throttled or temporarily failed attempt is not the user's).
     */
    private static boolean isAboutAKnownUser(String outcome, String reason) {
        if (outcome.equals(Activity.SUCCESS)) {
            return true;
        }
        return outcome.equals(Activity.REJECTED) && !RejectReason.UNKNOWN_USER.label().equals(reason)
                && !RejectReason.MALFORMED.label().equals(reason) && !"authzid_mismatch".equals(reason);
    }

    private static boolean sameUser(String authzid, UserName user) {
        return user != null && UserName.of(authzid).filter(user::equals).isPresent();
    }

    private static UpstreamFailure asFailure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof UpstreamFailure failure) {
            return failure;
        }
        return new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, cause.toString(), cause);
    }

    private static long elapsedMillis(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    /** What one login attempt is known by while it runs. */
    private static final class Attempt {
        final String mechanism;
        final String typedUser;
        /** {@code typedUser} normalised, once for the whole login; null if it cannot be a user name. */
        final UserName user;
        final long started;
        /** When the credential check began; refusals are timed from here. */
        long checkStarted;
        /** The per-user wait before answering, when the throttle asked for one; null otherwise. */
        Duration hold;

        Attempt(String mechanism, String typedUser, long started) {
            this.mechanism = mechanism;
            this.typedUser = typedUser;
            this.user = UserName.of(typedUser).orElse(null);
            this.started = started;
        }

        @Override
        public String toString() {
            return "Attempt[" + mechanism + ", " + UserNames.printable(typedUser) + "]";
        }
    }
}
