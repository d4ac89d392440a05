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
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.security.sasl.SaslException;

/**
 * The SMTP dialogue with the upstream: greeting {@code 220}, {@code EHLO}, {@code STARTTLS} when
 * configured (bytes the upstream sent behind its {@code 220} are dropped, then {@code EHLO} again),
 * the optional {@code XCLIENT} (then {@code EHLO} again), and {@code AUTH} as the user with the
 * mechanism from {@link SaslChoice}: master user by PLAIN with authzid = the user; a stored
 * credential by PLAIN, or LOGIN when the upstream offers only that; a bearer token by XOAUTH2 or
 * OAUTHBEARER. The initial response goes on the {@code AUTH} line when that line stays within
 * RFC 5321's 512 octets (servers differ in how far they follow RFC 4954's larger limit: Dovecot
 * 2.3's submission takes about 1 KiB, a Microsoft token is 1.5-2.5 KiB), else after the
 * server's empty {@code 334}; each {@code 334} challenge is answered on a line of its own. A
 * bearer-token mechanism's one challenge is the server's error (base64 JSON), kept for the log.
 * Succeeds on {@code 235} with the upstream's extensions.
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
    private String serverSaid;
    private String pendingInitialResponse;

    /** RFC 5321 section 4.5.3.1.4: a command line, CRLF included. */
    static final int MAX_COMMAND_LINE = 512;

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
        SaslChoice.Server server = new SaslChoice.Server(endpoint.serverName(), endpoint.port());
        sasl = SaslChoice.choose(identity.user(), server, credential, mechanism -> mechanisms.contains(mechanism.name()))
                .orElseGet(() -> SaslChoice.first(identity.user(), server, credential));
        step = Step.AUTH;
        String command = "AUTH " + sasl.mechanism().name();
        if (!sasl.hasInitialResponse()) {
            send(command);
            return;
        }
        String withResponse = command + " " + SaslEncoding.initialResponse(respond(new byte[0], null));
        if (withResponse.length() + 2 <= MAX_COMMAND_LINE) {
            send(withResponse);
        } else {
            pendingInitialResponse = withResponse.substring(command.length() + 1);
            send(command);
        }
    }

    private void onAuthReply(SmtpReply reply) throws UpstreamFailure {
        if (reply.code() != 334) {
            onAuthResult(reply);
            return;
        }
        String challenge = reply.lines().isEmpty() ? "" : reply.lines().get(0);
        if (pendingInitialResponse != null) {
            // The initial response that did not fit on the AUTH line answers the first, empty, challenge.
            String response = pendingInitialResponse;
            pendingInitialResponse = null;
            send(response);
            return;
        }
        byte[] decoded = SaslEncoding.challenge(challenge);
        if (decoded.length > 0 && sasl.mechanism().carriesToken()) {
            serverSaid = SmtpReply.printable(new String(decoded, StandardCharsets.UTF_8));
        }
        send(SaslEncoding.response(respond(decoded, reply)));
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
            throw new UpstreamFailure(UpstreamFailure.Kind.CREDENTIAL_REFUSED, "upstream refused the login: " + reply.brief()
                    + (serverSaid == null ? "" : " (its SASL error: " + serverSaid + ")"));
        } else {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "upstream answered AUTH with: " + reply.brief());
        }
    }
}
