package dev.postern.pop3.upstream;

import dev.postern.core.upstream.UpstreamCredential;
import dev.postern.core.upstream.UpstreamEndpoint;
import dev.postern.core.upstream.UpstreamFailure;
import dev.postern.core.upstream.UpstreamIdentity;
import dev.postern.core.upstream.UpstreamLogin;
import dev.postern.core.upstream.UpstreamSession;
import dev.postern.core.upstream.sasl.SaslChoice;
import dev.postern.core.upstream.sasl.SaslClient;
import dev.postern.core.upstream.sasl.SaslEncoding;
import dev.postern.core.upstream.sasl.SaslMechanism;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import javax.security.sasl.SaslException;

/**
 * The POP3 dialogue with the upstream: greeting {@code +OK}, {@code STLS} when configured (bytes
 * the upstream sent behind its {@code +OK} are dropped; nothing is asked before TLS, as Dovecot's
 * own proxy does), {@code CAPA} (RFC 2449; a server without it answers {@code -ERR}, and then
 * only USER/PASS is assumed), the optional {@code XCLIENT} with the client's address, then the
 * login as the user, the mechanism from {@link SaslChoice}: master user by {@code AUTH PLAIN} with
 * authzid = the user, as Dovecot's POP3 proxy does; a stored credential by {@code AUTH PLAIN} when
 * CAPA lists {@code SASL PLAIN}, else by {@code USER}/{@code PASS}; a bearer token by
 * {@code AUTH XOAUTH2} or {@code AUTH OAUTHBEARER}.
 *
 * <p>The initial response goes on the {@code AUTH} line when the whole line stays within RFC
 * 2449's 255 octets (RFC 5034 section 4), else after the server's empty {@code +} continuation. A
 * bearer-token mechanism's one challenge is the server's error (base64 JSON): it is answered as
 * the mechanism says and kept, decoded, for the log; the token never is.
 *
 * <p>Refusals, by the response code of the {@code -ERR} (RFC 2449 section 8, RFC 3206): none or
 * {@code [AUTH]} is a refusal of the gateway's credential ({@code credential_refused});
 * {@code [SYS/TEMP]}, {@code [SYS/PERM]}, {@code [IN-USE]} and {@code [LOGIN-DELAY]} say the
 * credential is fine but the mailbox cannot be served now (locked by another session, logins too
 * frequent, the server's own trouble), which core has no kind for: they are {@code protocol}
 * failures, as SMTP's {@code 454} is, with the code in the detail. Succeeds on the {@code +OK} of
 * {@code PASS} or {@code AUTH} with the CAPA lines learned before login.
 *
 * <p>As a {@link Purpose#PROBE} it stops after CAPA (through TLS when configured) and succeeds with
 * the CAPA lines; the caller then says {@code QUIT}. A probe has no identity and sends no credential.
 */
public final class Pop3UpstreamLogin extends UpstreamLogin {

    /** What the dialogue is for. */
    public enum Purpose { LOGIN, PROBE }

    private enum Step { GREETING, STLS, HANDSHAKE, CAPA, CAPA_LINES, XCLIENT, USER, PASS, AUTH }

    /** RFC 2449 section 4: a command line, CRLF included; RFC 5034 keeps it for AUTH with an initial response. */
    static final int MAX_COMMAND_LINE = 255;

    /** Response codes of a refusal that is not about the credential (RFC 2449 section 8.1, RFC 3206). */
    private static final Set<String> NOT_NOW = Set.of("SYS/TEMP", "SYS/PERM", "IN-USE", "LOGIN-DELAY");

    private final Purpose purpose;
    private final boolean forwardClientIp;
    private final Pop3Capabilities.Reader reader = new Pop3Capabilities.Reader();
    private Step step = Step.GREETING;
    private boolean xclientAnnounced;
    private Pop3Capabilities capabilities = Pop3Capabilities.NONE;
    private SaslClient sasl;
    private String pendingInitialResponse;
    private String pendingPass;
    private String serverSaid;

    /**
     * @param identity        whom to log in as; null only for a {@link Purpose#PROBE}
     * @param forwardClientIp whether to send {@code XCLIENT} with the client's address before the login
     */
    public Pop3UpstreamLogin(UpstreamIdentity identity, UpstreamEndpoint endpoint, Promise<UpstreamSession> promise,
                             Purpose purpose, boolean forwardClientIp) {
        super(identity, endpoint, promise);
        if (purpose == null) {
            throw new IllegalArgumentException("purpose: null (expected LOGIN or PROBE)");
        }
        if (purpose == Purpose.LOGIN && identity == null) {
            throw new IllegalArgumentException("identity: null (expected the user to log in as)");
        }
        this.purpose = purpose;
        this.forwardClientIp = forwardClientIp && purpose == Purpose.LOGIN;
    }

    @Override
    protected void onLine(String line) throws UpstreamFailure {
        switch (step) {
            case GREETING -> onGreeting(line);
            case STLS -> {
                if (!Pop3Response.isOk(line)) {
                    throw new UpstreamFailure(UpstreamFailure.Kind.TLS, "upstream answered STLS with: " + Pop3Response.brief(line));
                }
                step = Step.HANDSHAKE;
                startTls();
            }
            case HANDSHAKE -> throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "data before the TLS handshake");
            case CAPA -> onCapa(line);
            case CAPA_LINES -> {
                Pop3Capabilities complete = reader.add(line);
                if (complete != null) {
                    capabilities = complete;
                    afterCapabilities();
                }
            }
            case XCLIENT -> {
                if (!Pop3Response.isOk(line)) {
                    throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "upstream refused XCLIENT: " + Pop3Response.brief(line));
                }
                login();
            }
            case USER -> {
                requireOk(line, "USER");
                step = Step.PASS;
                String pass = pendingPass;
                pendingPass = null;
                send("PASS " + pass);
            }
            case PASS -> {
                requireOk(line, "PASS");
                succeed(capabilities.serialise());
            }
            case AUTH -> onAuthReply(line);
        }
    }

    private void onGreeting(String line) throws UpstreamFailure {
        if (!Pop3Response.isOk(line)) {
            throw new UpstreamFailure(UpstreamFailure.Kind.GREETING, "upstream greeted with: " + Pop3Response.brief(line));
        }
        // Dovecot's pop3-login tells a peer from login_trusted_networks that it takes XCLIENT this way.
        xclientAnnounced = line.regionMatches(true, 3, " [XCLIENT]", 0, 10);
        if (endpoint.security() == UpstreamEndpoint.Security.STARTTLS) {
            step = Step.STLS;
            send("STLS");
        } else {
            askCapabilities();
        }
    }

    @Override
    protected void onTlsEstablished() {
        askCapabilities();
    }

    private void askCapabilities() {
        step = Step.CAPA;
        send("CAPA");
    }

    private void onCapa(String line) throws UpstreamFailure {
        if (Pop3Response.isOk(line)) {
            step = Step.CAPA_LINES;
        } else if (Pop3Response.isErr(line)) {
            capabilities = Pop3Capabilities.NONE; // an RFC 1939 server without CAPA: USER/PASS only
            afterCapabilities();
        } else {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "upstream answered CAPA with: " + Pop3Response.brief(line));
        }
    }

    private void afterCapabilities() throws UpstreamFailure {
        if (purpose == Purpose.PROBE) {
            succeed(capabilities.serialise());
            return;
        }
        if (forwardClientIp) {
            if (!xclientAnnounced && !capabilities.has("XCLIENT")) {
                throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "pop3.upstream forwards the client's address "
                        + "but the upstream does not offer XCLIENT to Postern (Dovecot: login_trusted_networks)");
            }
            String command = Xclient.command(identity.clientIp(), identity.clientPort());
            if (command != null) {
                step = Step.XCLIENT;
                send(command);
                return;
            }
        }
        login();
    }

    /**
     * The login with the mechanism {@link SaslChoice} takes from the CAPA {@code SASL} line. The
     * LOGIN mechanism is POP3's own {@code USER}/{@code PASS}, which carries the same two answers
     * and which every server is taken to have: CAPA's {@code USER} is often left out (GreenMail),
     * and a server that refuses it says so more clearly than a guess here would.
     */
    private void login() throws UpstreamFailure {
        List<String> offered = capabilities.saslMechanisms();
        UpstreamCredential credential = identity.credential();
        SaslChoice.Server server = new SaslChoice.Server(endpoint.serverName(), endpoint.port());
        SaslClient client;
        try {
            client = SaslChoice.choose(identity.user(), server, credential,
                            mechanism -> mechanism == SaslMechanism.LOGIN || offered.contains(mechanism.name()))
                    .orElseGet(() -> SaslChoice.first(identity.user(), server, credential));
        } catch (IllegalArgumentException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "cannot log in as " + Pop3Response.brief(identity.user())
                    + ": " + e.getMessage());
        }
        if (client.mechanism() == SaslMechanism.LOGIN) {
            userPass(client);
        } else {
            authenticate(client);
        }
    }

    /** USER with the LOGIN mechanism's first answer, PASS with its second once USER is accepted. */
    private void userPass(SaslClient login) throws UpstreamFailure {
        String user = latin1(respond(login, new byte[0], null));
        String pass = latin1(respond(login, new byte[0], null));
        if (hasLineBreakOrNul(user) || hasLineBreakOrNul(pass)) {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "the user name or the stored password of "
                    + Pop3Response.brief(identity.user()) + " contains CR, LF or NUL, which USER/PASS cannot carry");
        }
        step = Step.USER;
        pendingPass = pass;
        send("USER " + user);
    }

    private void authenticate(SaslClient client) throws UpstreamFailure {
        sasl = client;
        step = Step.AUTH;
        String command = "AUTH " + client.mechanism().name();
        if (!client.hasInitialResponse()) {
            send(command);
            return;
        }
        String initial = SaslEncoding.initialResponse(respond(client, new byte[0], null));
        if (command.length() + 1 + initial.length() + 2 <= MAX_COMMAND_LINE) {
            send(command + " " + initial);
        } else {
            pendingInitialResponse = initial;
            send(command);
        }
    }

    private void onAuthReply(String line) throws UpstreamFailure {
        if (Pop3Response.isOk(line)) {
            succeed(capabilities.serialise());
            return;
        }
        if (Pop3Response.isErr(line)) {
            throw refusal(line);
        }
        if (!Pop3Response.isContinuation(line)) {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "upstream answered AUTH with: " + Pop3Response.brief(line));
        }
        if (pendingInitialResponse != null) {
            // The initial response that did not fit on the AUTH line answers the first, empty, challenge.
            String response = pendingInitialResponse;
            pendingInitialResponse = null;
            send(response);
            return;
        }
        byte[] challenge = SaslEncoding.challenge(Pop3Response.challenge(line));
        if (challenge.length > 0 && sasl.mechanism().carriesToken()) {
            serverSaid = Pop3Response.brief(new String(challenge, StandardCharsets.UTF_8));
        }
        send(SaslEncoding.response(respond(sasl, challenge, line)));
    }

    private void requireOk(String line, String command) throws UpstreamFailure {
        if (Pop3Response.isErr(line)) {
            throw refusal(line);
        }
        if (!Pop3Response.isOk(line)) {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "upstream answered " + command + " with: "
                    + Pop3Response.brief(line));
        }
    }

    /** The failure a {@code -ERR} to the login stands for, by its response code. */
    private UpstreamFailure refusal(String line) {
        String code = Pop3Response.code(line);
        if (NOT_NOW.contains(code)) {
            return new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "upstream cannot serve " + Pop3Response.brief(identity.user())
                    + " now [" + code + "]: " + Pop3Response.brief(line));
        }
        return new UpstreamFailure(UpstreamFailure.Kind.CREDENTIAL_REFUSED, "upstream refused the gateway's own credential ("
                + credentialKind() + "): " + Pop3Response.brief(line) + (serverSaid == null ? "" : " (its SASL error: " + serverSaid + ")"));
    }

    /** The mechanism's next message; a challenge it does not expect fails the login. */
    private static byte[] respond(SaslClient client, byte[] challenge, String line) throws UpstreamFailure {
        try {
            return client.respond(challenge);
        } catch (SaslException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "upstream answered AUTH with: "
                    + (line == null ? "nothing yet" : Pop3Response.brief(line)) + " (" + e.getMessage() + ")");
        }
    }

    private String credentialKind() {
        return identity.credential().match(new UpstreamCredential.Cases<>() {
            @Override
            public String masterUser(UpstreamCredential.MasterUser master) {
                return "master user " + master.masterUser();
            }

            @Override
            public String userPassword(UpstreamCredential.UserPassword own) {
                return "stored upstream password of " + Pop3Response.brief(identity.user())
                        + (sasl == null ? " by USER/PASS" : " by AUTH " + sasl.mechanism());
            }

            @Override
            public String bearer(UpstreamCredential.Bearer bearer) {
                return "OAuth2 token for " + Pop3Response.brief(identity.user()) + (sasl == null ? "" : " by " + sasl.mechanism());
            }
        });
    }

    private static boolean hasLineBreakOrNul(String text) {
        return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0;
    }

    /** UTF-8 octets as one char each, which {@code send} writes back as the same octets. */
    private static String latin1(byte[] octets) {
        return new String(octets, StandardCharsets.ISO_8859_1);
    }
}
