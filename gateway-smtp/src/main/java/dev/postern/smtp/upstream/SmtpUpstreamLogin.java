package dev.postern.smtp.upstream;

import dev.postern.core.upstream.UpstreamCredential;
import dev.postern.core.upstream.UpstreamEndpoint;
import dev.postern.core.upstream.UpstreamFailure;
import dev.postern.core.upstream.UpstreamIdentity;
import dev.postern.core.upstream.UpstreamLogin;
import dev.postern.core.upstream.UpstreamSession;
import dev.postern.core.upstream.sasl.SaslChoice;
import dev.postern.core.upstream.sasl.SaslClient;
import dev.postern.core.upstream.sasl.SaslEncoding;
import io.netty.util.concurrent.Promise;
import java.util.List;
import javax.security.sasl.SaslException;

/**
 * The SMTP dialogue with the upstream: greeting {@code 220}, {@code EHLO}, {@code STARTTLS} when
 * configured (bytes the upstream sent behind its {@code 220} are dropped, then {@code EHLO} again),
 * the optional {@code XCLIENT} (then {@code EHLO} again), and {@code AUTH} as the user with the
 * mechanism from {@link SaslChoice}: master user by PLAIN with authzid = the user; a stored
 * credential by PLAIN, or LOGIN when the upstream offers only that. The initial response goes on
 * the {@code AUTH} line; each {@code 334} challenge is answered on a line of its own. Succeeds on
 * {@code 235} with the upstream's extensions.
 *
 * <p>As a {@link Purpose#PROBE} it stops after the last EHLO and succeeds with the extensions; the
 * caller then says QUIT. A probe has no identity and sends no credential.
 */
public final class SmtpUpstreamLogin extends UpstreamLogin {

    /** What the dialogue is for. */
    public enum Purpose { LOGIN, PROBE }

    private enum Step { GREETING, EHLO, STARTTLS, HANDSHAKE, EHLO_AFTER_TLS, XCLIENT, EHLO_AFTER_XCLIENT, AUTH }

    private final Purpose purpose;
    private final String hostName;
    private final boolean xclient;
    private final SmtpReply.Reader reader = new SmtpReply.Reader();
    private Step step = Step.GREETING;
    private SmtpExtensions extensions = SmtpExtensions.NONE;
    private SaslClient sasl;

    /**
     * @param hostName the name Postern gives in its EHLO
     * @param xclient  whether to send {@code XCLIENT} with the client's address before AUTH
     */
    public SmtpUpstreamLogin(UpstreamIdentity identity, UpstreamEndpoint endpoint, Promise<UpstreamSession> promise,
                             Purpose purpose, String hostName, boolean xclient) {
        super(identity, endpoint, promise);
        if (purpose == Purpose.LOGIN && identity == null) {
            throw new IllegalArgumentException("identity: null (expected the user to log in as)");
        }
        this.purpose = purpose;
        this.hostName = hostName;
        this.xclient = xclient && purpose == Purpose.LOGIN;
    }

    @Override
    protected void onLine(String line) throws UpstreamFailure {
        SmtpReply reply = reader.add(line);
        if (reply == null) {
            return;
        }
        if (reply.code() == 421) {
            throw new UpstreamFailure(UpstreamFailure.Kind.CLOSED, "upstream said: " + reply.brief());
        }
        switch (step) {
            case GREETING -> {
                if (reply.code() != 220) {
                    throw new UpstreamFailure(UpstreamFailure.Kind.GREETING, "upstream greeted with: " + reply.brief());
                }
                ehlo(Step.EHLO);
            }
            case EHLO -> {
                extensions = requireEhlo(reply);
                if (endpoint.security() == UpstreamEndpoint.Security.STARTTLS) {
                    step = Step.STARTTLS;
                    send("STARTTLS");
                } else {
                    afterEhlo();
                }
            }
            case STARTTLS -> {
                if (reply.code() != 220) {
                    throw new UpstreamFailure(UpstreamFailure.Kind.TLS, "upstream answered STARTTLS with: " + reply.brief());
                }
                step = Step.HANDSHAKE;
                startTls();
            }
            case HANDSHAKE -> throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "data before the TLS handshake");
            case EHLO_AFTER_TLS -> {
                extensions = requireEhlo(reply);
                afterEhlo();
            }
            case XCLIENT -> onXclient(reply);
            case EHLO_AFTER_XCLIENT -> {
                extensions = requireEhlo(reply);
                authenticate();
            }
            case AUTH -> onAuthReply(reply);
        }
    }

    @Override
    protected void onTlsEstablished() {
        ehlo(Step.EHLO_AFTER_TLS);
    }

    private void ehlo(Step next) {
        step = next;
        send("EHLO " + hostName);
    }

    private static SmtpExtensions requireEhlo(SmtpReply reply) throws UpstreamFailure {
        if (reply.code() != 250) {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "upstream answered EHLO with: " + reply.brief());
        }
        return SmtpExtensions.fromEhlo(reply);
    }

    private void afterEhlo() throws UpstreamFailure {
        if (purpose == Purpose.PROBE) {
            succeed(extensions.serialise());
            return;
        }
        if (xclient) {
            if (!extensions.has("XCLIENT")) {
                throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "smtp.upstream.xclient is on but the upstream "
                        + "does not offer XCLIENT to Postern (Postfix: smtpd_authorized_xclient_hosts)");
            }
            step = Step.XCLIENT;
            send(Xclient.command(identity.clientIp(), identity.clientPort()));
            return;
        }
        authenticate();
    }

    private void onXclient(SmtpReply reply) throws UpstreamFailure {
        if (reply.code() == 220) {
            ehlo(Step.EHLO_AFTER_XCLIENT); // Postfix answers XCLIENT with a new greeting: EHLO again
        } else if (reply.isPositive()) {
            authenticate();
        } else {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "upstream refused XCLIENT: " + reply.brief());
        }
    }

    /**
     * {@code AUTH} with the mechanism {@link SaslChoice} takes from what the upstream lists; one
     * that lists none of the credential's mechanisms gets the credential's first (PLAIN): servers
     * differ in what they list, and the refusal is the clearer error.
     */
    private void authenticate() throws UpstreamFailure {
        List<String> mechanisms = extensions.authMechanisms();
        UpstreamCredential credential = identity.credential();
        sasl = SaslChoice.choose(identity.user(), credential, mechanism -> mechanisms.contains(mechanism.name()))
                .orElseGet(() -> SaslChoice.first(identity.user(), credential));
        step = Step.AUTH;
        String command = "AUTH " + sasl.mechanism().name();
        if (sasl.hasInitialResponse()) {
            send(command + " " + SaslEncoding.initialResponse(respond(new byte[0], null)));
        } else {
            send(command);
        }
    }

    private void onAuthReply(SmtpReply reply) throws UpstreamFailure {
        if (reply.code() != 334) {
            onAuthResult(reply);
            return;
        }
        String challenge = reply.lines().isEmpty() ? "" : reply.lines().get(0);
        send(SaslEncoding.response(respond(SaslEncoding.challenge(challenge), reply)));
    }

    /** The mechanism's next message; a challenge it does not expect fails the login. */
    private byte[] respond(byte[] challenge, SmtpReply reply) throws UpstreamFailure {
        try {
            return sasl.respond(challenge);
        } catch (SaslException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "upstream answered AUTH with: "
                    + (reply == null ? "nothing yet" : reply.brief()) + " (" + e.getMessage() + ")");
        }
    }

    private void onAuthResult(SmtpReply reply) throws UpstreamFailure {
        if (reply.code() == 235) {
            succeed(extensions.serialise());
        } else if (reply.code() >= 500) {
            throw new UpstreamFailure(UpstreamFailure.Kind.CREDENTIAL_REFUSED, "upstream refused the login: " + reply.brief());
        } else {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "upstream answered AUTH with: " + reply.brief());
        }
    }
}
