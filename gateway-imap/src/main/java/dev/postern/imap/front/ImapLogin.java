package dev.postern.imap.front;

import static dev.postern.imap.front.ImapResponses.*;

import dev.postern.core.auth.AuthResult;
import dev.postern.core.auth.FailureThrottle;
import dev.postern.core.auth.LoginAttempt;
import dev.postern.core.auth.Scope;
import dev.postern.core.auth.UserNames;
import dev.postern.core.ingress.ClientAddress;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.observe.ConnectionContext;
import dev.postern.core.observe.LoginEvent;
import dev.postern.core.observe.LoginOutcome;
import dev.postern.core.observe.LoginPhase;
import dev.postern.core.observe.ThrottleAction;
import dev.postern.core.relay.Relay;
import dev.postern.core.upstream.UpstreamFailure;
import dev.postern.core.upstream.UpstreamIdentity;
import dev.postern.core.upstream.UpstreamSession;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's way from a presented credential to a relayed session: check it (off the event
 * loop), and only on success connect and log in upstream, answer the client's tag with the
 * upstream's capabilities and splice. The {@link FailureThrottle} is asked first: a source past its
 * failure threshold gets {@code NO [UNAVAILABLE]} without a check. Refusals are answered after the
 * throttle's growing delay; upstream
 * trouble is the gateway's fault, answered {@code NO [UNAVAILABLE]} and not counted against the client.
 *
 * <p>While a check runs, the decoder is suspended: bytes the client pipelined behind its login stay
 * buffered in it (bounded by the line limit; more ends the session) and reach the upstream, in
 * order, after the hand-off. Reads stay on, so a client that leaves meanwhile is noticed at once
 * and its pending upstream connection is dropped rather than kept until the login timeout.
 */
final class ImapLogin {

    private static final Logger LOG = LoggerFactory.getLogger(ImapLogin.class);

    private static final String PROTOCOL = "imap";

    private final ImapService service;
    private final ImapFrontHandler front;
    private final String listener;
    private int failures;
    private boolean clientGone;
    private Future<UpstreamSession> upstreamInFlight;

    ImapLogin(ImapService service, ImapFrontHandler front, String listener) {
        this.service = service;
        this.front = front;
        this.listener = listener;
    }

    void check(String tag, String mechanism, String authzid, String authcid, String password) {
        pause();
        ChannelHandlerContext ctx = front.context();
        ConnectionContext.phase(ctx.channel(), ConnectionContext.PHASE_LOGIN);
        long started = System.nanoTime();
        if (!authzid.isEmpty() && !sameUser(authzid, authcid)) {
            audit(authcid, mechanism, "rejected", "authzid_mismatch", null, started, 0);
            metrics().loginAttempt(ImapService.PROTOCOL, LoginOutcome.REJECTED, "authzid_mismatch");
            refuseLater(tag, AUTHORIZATION_FAILED, service.settings().failureDelay());
            return;
        }
        FailureThrottle.Decision decision = service.throttle().before(authcid, clientAddress());
        if (decision.action() == FailureThrottle.Action.REFUSE) {
            // past the failure threshold: a temporary refusal without looking at the password
            service.throttle().report(PROTOCOL, decision.action());
            audit(authcid, mechanism, "throttled", "too_many_failures", null, started, 0);
            refuseLater(tag, AUTH_UNAVAILABLE, decision.delay());
            return;
        }
        if (decision.action() == FailureThrottle.Action.DELAY) {
            service.throttle().report(PROTOCOL, decision.action());
            ctx.executor().schedule(() -> {
                if (!clientGone) {
                    verify(tag, mechanism, authcid, password, started);
                }
            }, decision.delay().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        verify(tag, mechanism, authcid, password, started);
    }

    private void verify(String tag, String mechanism, String authcid, String password, long started) {
        String clientIp = ClientAddress.ip(front.context().channel());
        service.verifier().verify(new LoginAttempt(authcid, password, Scope.IMAP, clientIp))
                .whenComplete((result, error) -> onEventLoop(() -> {
                    AuthResult outcome = result != null ? result : new AuthResult.Unavailable("verifier failed");
                    checked(tag, mechanism, authcid, outcome, started);
                }));
    }

    private InetAddress clientAddress() {
        return ClientAddress.of(front.context().channel()).getAddress();
    }

    private void checked(String tag, String mechanism, String typedUser, AuthResult result, long started) {
        if (clientGone) {
            return;
        }
        if (result instanceof AuthResult.Success success) {
            service.throttle().succeeded(typedUser, clientAddress());
            connectUpstream(tag, mechanism, typedUser, success, started);
        } else if (result instanceof AuthResult.Rejected rejected) {
            audit(typedUser, mechanism, "rejected", rejected.reason().label(), null, started, 0);
            metrics().loginAttempt(ImapService.PROTOCOL, LoginOutcome.REJECTED, rejected.reason().label());
            refuseLater(tag, AUTHENTICATION_FAILED, service.throttle().failed(typedUser, clientAddress()));
        } else {
            AuthResult.Unavailable unavailable = (AuthResult.Unavailable) result;
            audit(typedUser, mechanism, "unavailable", unavailable.cause().replace(' ', '_'), null, started, 0);
            metrics().loginAttempt(ImapService.PROTOCOL, LoginOutcome.UNAVAILABLE, unavailable.cause());
            front.reply(String.format(AUTH_UNAVAILABLE, tag));
            resume();
        }
    }

    private void connectUpstream(String tag, String mechanism, String typedUser, AuthResult.Success success, long started) {
        long checkedAt = System.nanoTime();
        Channel client = front.context().channel();
        InetSocketAddress address = ClientAddress.of(client);
        service.credentials().forUser(success.user()).whenComplete((credential, error) -> onEventLoop(() -> {
            if (clientGone) {
                return;
            }
            if (error != null) {
                metrics().upstreamFailure(ImapService.PROTOCOL, asFailure(error).kind());
                upstreamFailed(tag, mechanism, typedUser, success, started, checkedAt, asFailure(error));
                return;
            }
            UpstreamIdentity identity = new UpstreamIdentity(success.user(), credential,
                    ClientAddress.ip(client), address.getPort());
            upstreamInFlight = service.upstream().connect(client, identity);
            upstreamInFlight.addListener(done -> ConnectionContext.run(client, () -> {
                upstreamInFlight = null;
                if (done.isCancelled()) {
                    return; // the client left (clientGone): nothing to answer, and not the upstream's fault
                }
                if (!done.isSuccess()) {
                    upstreamFailed(tag, mechanism, typedUser, success, started, checkedAt, asFailure(done.cause()));
                    return;
                }
                UpstreamSession session = (UpstreamSession) done.getNow();
                if (clientGone || !client.isActive()) {
                    session.channel().close();
                    return;
                }
                if (front.decoder().isOverflowing()) {
                    // The client sent more than a line's worth behind its login: those bytes were dropped, so
                    // the session cannot continue in step. Close both rather than relay a mangled stream.
                    session.channel().close();
                    front.bye(String.format(BYE_FATAL, "Too much data sent before the login completed."));
                    return;
                }
                audit(typedUser, mechanism, "success", null, success.appPasswordId(), started, elapsedMillis(checkedAt));
                metrics().loginAttempt(ImapService.PROTOCOL, LoginOutcome.SUCCESS, null);
                metrics().loginPhase(ImapService.PROTOCOL, LoginPhase.UPSTREAM, System.nanoTime() - checkedAt);
                front.cancelPreAuthTimer();
                front.reply(String.format(LOGGED_IN, tag, session.capabilities()));
                Relay.splice(client, session.channel(), service.settings().idleTimeout(), service.sessions().get());
            }));
        }));
    }

    private void upstreamFailed(String tag, String mechanism, String typedUser, AuthResult.Success success,
                                long started, long checkedAt, UpstreamFailure failure) {
        LOG.warn("upstream login for {} failed, gateway-side problem ({}): {}", success.user(),
                failure.kind().label(), failure.getMessage());
        audit(typedUser, mechanism, "unavailable", "upstream_" + failure.kind().label(), success.appPasswordId(),
                started, elapsedMillis(checkedAt));
        metrics().loginAttempt(ImapService.PROTOCOL, LoginOutcome.UNAVAILABLE, "upstream_" + failure.kind().label());
        if (!clientGone) {
            front.reply(String.format(UPSTREAM_UNAVAILABLE, tag));
            resume();
        }
    }

    private void refuseLater(String tag, String replyFormat, Duration delay) {
        metrics().throttled(ImapService.PROTOCOL, ThrottleAction.FAILURE_DELAY);
        Channel channel = front.context().channel();
        front.context().executor().schedule(() -> ConnectionContext.run(channel, () -> {
            if (clientGone) {
                return;
            }
            front.reply(String.format(replyFormat, tag));
            failures++;
            if (failures >= service.settings().maxAuthFailures()) {
                metrics().throttled(ImapService.PROTOCOL, ThrottleAction.DISCONNECT_AUTH_FAILURES);
                front.bye(BYE_TOO_MANY_FAILURES);
            } else {
                resume();
            }
        }), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void clientGone() {
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

    private GatewayMetrics metrics() {
        return service.metrics();
    }

    private void pause() {
        front.decoder().suspend();
    }

    private void resume() {
        ConnectionContext.phase(front.context().channel(), ConnectionContext.PHASE_PRE_AUTH);
        front.decoder().resume();
    }

    private void onEventLoop(Runnable task) {
        try {
            Channel channel = front.context().channel();
            front.context().executor().execute(() -> ConnectionContext.run(channel, task));
        } catch (RejectedExecutionException e) {
            LOG.debug("event loop shut down before a login finished");
        }
    }

    private void audit(String typedUser, String mechanism, String outcome, String reason, String appPasswordId,
                       long started, long upstreamMillis) {
        Channel channel = front.context().channel();
        service.audit().login(new LoginEvent("imap", listener, ClientAddress.ip(channel), typedUser, mechanism,
                outcome, reason, appPasswordId, elapsedMillis(started) - upstreamMillis, upstreamMillis));
    }

    private static boolean sameUser(String authzid, String authcid) {
        Optional<String> a = UserNames.normalise(authzid);
        return a.isPresent() && a.equals(UserNames.normalise(authcid));
    }

    private static UpstreamFailure asFailure(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof UpstreamFailure failure) {
            return failure;
        }
        return new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, cause.toString(), cause);
    }

    private static long elapsedMillis(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }
}
