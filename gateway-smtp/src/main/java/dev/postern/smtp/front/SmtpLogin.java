package dev.postern.smtp.front;

import static dev.postern.smtp.front.SmtpReplies.*;

import dev.postern.core.auth.AuthResult;
import dev.postern.core.auth.FailureThrottle;
import dev.postern.core.auth.LoginAttempt;
import dev.postern.core.auth.Scope;
import dev.postern.core.auth.UserNames;
import dev.postern.core.ingress.ClientAddress;
import dev.postern.core.observe.LoginEvent;
import dev.postern.core.relay.Relay;
import dev.postern.core.upstream.UpstreamFailure;
import dev.postern.core.upstream.UpstreamIdentity;
import dev.postern.core.upstream.UpstreamSession;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's way from a presented credential to a relayed session: check it (off the event
 * loop, scope {@code smtp}), and only on success connect and log in upstream, answer {@code 235}
 * and splice. The {@link FailureThrottle} is asked first: a source past its failure threshold gets
 * {@code 454 4.7.0} without a check. Every refusal is {@code 535 5.7.8} after the throttle's growing
 * delay; store, pool or upstream
 * trouble is {@code 454 4.7.0}, not counted against the client.
 *
 * <p>While a check runs, the decoder is suspended and reads are off: commands the client pipelined
 * behind {@code AUTH PLAIN <initial response>} stay buffered and reach the upstream, in order,
 * after the hand-off (RFC 4954 §4); after a refusal the front answers them itself.
 */
final class SmtpLogin {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpLogin.class);

    private static final String PROTOCOL = "smtp";

    private final SmtpService service;
    private final SmtpFrontHandler front;
    private final String listener;
    private int failures;
    private boolean clientGone;
    private Future<UpstreamSession> upstreamInFlight;

    SmtpLogin(SmtpService service, SmtpFrontHandler front, String listener) {
        this.service = service;
        this.front = front;
        this.listener = listener;
    }

    void check(String mechanism, String authzid, String authcid, String password) {
        pause();
        long started = System.nanoTime();
        if (!authzid.isEmpty() && !sameUser(authzid, authcid)) {
            audit(authcid, mechanism, "rejected", "authzid_mismatch", null, started, 0);
            refuseLater(AUTH_INVALID, service.settings().failureDelay());
            return;
        }
        FailureThrottle.Decision decision = service.throttle().before(authcid, clientAddress());
        if (decision.action() == FailureThrottle.Action.REFUSE) {
            // past the failure threshold: a temporary refusal without looking at the password
            service.throttle().report(PROTOCOL, decision.action());
            audit(authcid, mechanism, "throttled", "too_many_failures", null, started, 0);
            refuseLater(AUTH_TEMPORARY, decision.delay());
            return;
        }
        if (decision.action() == FailureThrottle.Action.DELAY) {
            service.throttle().report(PROTOCOL, decision.action());
            front.context().executor().schedule(() -> {
                if (!clientGone) {
                    verify(mechanism, authcid, password, started);
                }
            }, decision.delay().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        verify(mechanism, authcid, password, started);
    }

    private void verify(String mechanism, String authcid, String password, long started) {
        String clientIp = ClientAddress.ip(front.context().channel());
        service.verifier().verify(new LoginAttempt(authcid, password, Scope.SMTP, clientIp))
                .whenComplete((result, error) -> onEventLoop(() -> {
                    AuthResult outcome = result != null ? result : new AuthResult.Unavailable("verifier failed");
                    checked(mechanism, authcid, outcome, started);
                }));
    }

    private InetAddress clientAddress() {
        return ClientAddress.of(front.context().channel()).getAddress();
    }

    private void checked(String mechanism, String typedUser, AuthResult result, long started) {
        if (clientGone) {
            return;
        }
        if (result instanceof AuthResult.Success success) {
            service.throttle().succeeded(typedUser, clientAddress());
            connectUpstream(mechanism, typedUser, success, started);
        } else if (result instanceof AuthResult.Rejected rejected) {
            audit(typedUser, mechanism, "rejected", rejected.reason().label(), null, started, 0);
            refuseLater(AUTH_INVALID, service.throttle().failed(typedUser, clientAddress()));
        } else {
            AuthResult.Unavailable unavailable = (AuthResult.Unavailable) result;
            audit(typedUser, mechanism, "unavailable", unavailable.cause().replace(' ', '_'), null, started, 0);
            front.reply(AUTH_TEMPORARY);
            resume();
        }
    }

    private void connectUpstream(String mechanism, String typedUser, AuthResult.Success success, long started) {
        long checkedAt = System.nanoTime();
        Channel client = front.context().channel();
        InetSocketAddress address = ClientAddress.of(client);
        service.credentials().forUser(success.user()).whenComplete((credential, error) -> onEventLoop(() -> {
            if (clientGone) {
                return;
            }
            if (error != null) {
                upstreamFailed(mechanism, typedUser, success, started, checkedAt, asFailure(error));
                return;
            }
            UpstreamIdentity identity = new UpstreamIdentity(success.user(), credential,
                    ClientAddress.ip(client), address.getPort());
            upstreamInFlight = service.upstream().connect(client, identity);
            upstreamInFlight.addListener(done -> {
                upstreamInFlight = null;
                if (!done.isSuccess()) {
                    upstreamFailed(mechanism, typedUser, success, started, checkedAt, asFailure(done.cause()));
                    return;
                }
                UpstreamSession session = (UpstreamSession) done.getNow();
                if (clientGone || !client.isActive()) {
                    session.channel().close();
                    return;
                }
                if (front.decoder().isOverflowing()) {
                    // More than the bound arrived behind AUTH and was dropped: the session cannot go
                    // on in step. Close both rather than relay a mangled stream.
                    session.channel().close();
                    front.tooMuchData();
                    return;
                }
                audit(typedUser, mechanism, "success", null, success.appPasswordId(), started, elapsedMillis(checkedAt));
                front.cancelPreAuthTimer();
                front.reply(AUTH_SUCCESS);
                Relay.splice(client, session.channel(), service.settings().idleTimeout(), service.sessions().get());
            });
        }));
    }

    private void upstreamFailed(String mechanism, String typedUser, AuthResult.Success success,
                                long started, long checkedAt, UpstreamFailure failure) {
        LOG.warn("smtp upstream login for {} failed, gateway-side problem ({}): {}", success.user(),
                failure.kind().label(), failure.getMessage());
        audit(typedUser, mechanism, "unavailable", "upstream_" + failure.kind().label(), success.appPasswordId(),
                started, elapsedMillis(checkedAt));
        if (!clientGone) {
            front.reply(AUTH_TEMPORARY);
            resume();
        }
    }

    private void refuseLater(String reply, Duration delay) {
        front.context().executor().schedule(() -> {
            if (clientGone) {
                return;
            }
            front.reply(reply);
            failures++;
            if (failures >= service.settings().maxAuthFailures()) {
                front.tooManyFailures();
            } else {
                resume();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void clientGone() {
        clientGone = true;
        Future<UpstreamSession> pending = upstreamInFlight;
        if (pending != null) {
            pending.addListener(done -> {
                if (done.isSuccess()) {
                    ((UpstreamSession) done.getNow()).channel().close();
                }
            });
        }
    }

    private void pause() {
        front.decoder().suspend();
        front.context().channel().config().setAutoRead(false);
    }

    private void resume() {
        front.context().channel().config().setAutoRead(true);
        front.decoder().resume();
    }

    private void onEventLoop(Runnable task) {
        try {
            front.context().executor().execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("event loop shut down before a login finished");
        }
    }

    private void audit(String typedUser, String mechanism, String outcome, String reason, String appPasswordId,
                       long started, long upstreamMillis) {
        Channel channel = front.context().channel();
        service.audit().login(new LoginEvent("smtp", listener, ClientAddress.ip(channel), typedUser, mechanism,
                outcome, reason, appPasswordId, elapsedMillis(started) - upstreamMillis, upstreamMillis));
    }

    private static boolean sameUser(String authzid, String authcid) {
        Optional<String> a = UserNames.normalise(authzid);
        return a.isPresent() && a.equals(UserNames.normalise(authcid));
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
}
