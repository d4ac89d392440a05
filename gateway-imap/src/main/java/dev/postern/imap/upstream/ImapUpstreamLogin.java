package dev.postern.imap.upstream;

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
import java.util.Locale;
import javax.security.sasl.SaslException;

/**
 * Logs in to the upstream IMAP server as the user: greeting (refusing PREAUTH and BYE),
 * STARTTLS when configured, CAPABILITY, the optional {@code ID} carrying the client's address,
 * then the login: the mechanism comes from {@link SaslChoice} (master user: PLAIN with authzid =
 * user; stored credential: PLAIN with the user's own password, or, on a server without
 * AUTH=PLAIN, LOGIN), framed here as {@code AUTHENTICATE} with the initial response on the
 * command line when the server has {@code SASL-IR}, else after its {@code +}; LOGIN is IMAP's own
 * {@code LOGIN} command. Succeeds with the post-login capability list.
 */
public final class ImapUpstreamLogin extends UpstreamLogin {

    private enum Step { GREETING, STARTTLS, HANDSHAKE, CAPABILITY, ID, AUTHENTICATE, LOGIN_LITERAL, POST_CAPABILITY }

    private static final String TAG_STARTTLS = "pst1";
    private static final String TAG_CAPABILITY = "pst2";
    private static final String TAG_ID = "pst3";
    private static final String TAG_LOGIN = "pst4";
    private static final String TAG_POST_CAPABILITY = "pst5";

    private final boolean forwardClientIp;
    private Step step = Step.GREETING;
    private ImapCapabilities capabilities = ImapCapabilities.NONE;
    private SaslClient sasl;
    private String pendingLiteral;
    private String pendingSecondLiteral;
    private String serverSaid;

    public ImapUpstreamLogin(UpstreamIdentity identity, UpstreamEndpoint endpoint, Promise<UpstreamSession> promise,
                             boolean forwardClientIp) {
        super(identity, endpoint, promise);
        this.forwardClientIp = forwardClientIp;
    }

    @Override
    protected void onLine(String line) throws UpstreamFailure {
        if (line.regionMatches(true, 0, "* BYE", 0, 5) && step != Step.GREETING) {
            throw new UpstreamFailure(UpstreamFailure.Kind.CLOSED, "upstream said: " + brief(line));
        }
        switch (step) {
            case GREETING -> onGreeting(line);
            case STARTTLS -> {
                if (isTagged(line, TAG_STARTTLS)) {
                    requireOk(line, UpstreamFailure.Kind.TLS);
                    step = Step.HANDSHAKE;
                    startTls();
                }
            }
            case HANDSHAKE -> throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "data before the TLS handshake");
            case CAPABILITY -> {
                collectCapabilities(line);
                if (isTagged(line, TAG_CAPABILITY)) {
                    requireOk(line, UpstreamFailure.Kind.PROTOCOL);
                    afterCapabilities();
                }
            }
            case ID -> {
                if (isTagged(line, TAG_ID)) {
                    authenticate();
                }
            }
            case AUTHENTICATE, LOGIN_LITERAL -> onLoginReply(line);
            case POST_CAPABILITY -> {
                collectCapabilities(line);
                if (isTagged(line, TAG_POST_CAPABILITY)) {
                    requireOk(line, UpstreamFailure.Kind.PROTOCOL);
                    succeed(capabilities.forClientAfterLogin());
                }
            }
        }
    }

    private void onGreeting(String line) throws UpstreamFailure {
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("* PREAUTH")) {
            throw new UpstreamFailure(UpstreamFailure.Kind.GREETING, "upstream greeted with PREAUTH; refusing a pre-authenticated session");
        }
        if (!upper.startsWith("* OK")) {
            throw new UpstreamFailure(UpstreamFailure.Kind.GREETING, "upstream greeted with: " + brief(line));
        }
        if (endpoint.security() == UpstreamEndpoint.Security.STARTTLS) {
            step = Step.STARTTLS;
            send(TAG_STARTTLS + " STARTTLS");
            return;
        }
        ImapCapabilities announced = ImapCapabilities.fromResponseCode(line);
        if (announced.isEmpty()) {
            askCapabilities();
        } else {
            capabilities = announced;
            afterCapabilities();
        }
    }

    @Override
    protected void onTlsEstablished() {
        askCapabilities();
    }

    private void askCapabilities() {
        step = Step.CAPABILITY;
        capabilities = ImapCapabilities.NONE;
        send(TAG_CAPABILITY + " CAPABILITY");
    }

    private void collectCapabilities(String line) {
        if (line.regionMatches(true, 0, "* CAPABILITY ", 0, 13)) {
            capabilities = ImapCapabilities.parse(line.substring(13));
        }
    }

    private void afterCapabilities() throws UpstreamFailure {
        if (forwardClientIp && capabilities.has("ID")) {
            step = Step.ID;
            send(TAG_ID + " ID (\"x-originating-ip\" \"" + identity.clientIp() + "\" \"x-originating-port\" \""
                    + identity.clientPort() + "\")");
            return;
        }
        authenticate();
    }

    private void authenticate() throws UpstreamFailure {
        step = Step.AUTHENTICATE;
        SaslClient client = SaslChoice.choose(identity.user(), new SaslChoice.Server(endpoint.serverName(), endpoint.port()),
                        identity.credential(), this::offers)
                .orElseThrow(() -> new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL,
                        "upstream offers neither AUTH=PLAIN nor LOGIN (LOGINDISABLED)"));
        if (client.mechanism() == SaslMechanism.LOGIN) {
            loginCommand(client);
            return;
        }
        sasl = client;
        String command = TAG_LOGIN + " AUTHENTICATE " + client.mechanism().name();
        if (client.hasInitialResponse() && capabilities.has("SASL-IR")) {
            send(command + " " + SaslEncoding.initialResponse(respond(client, new byte[0])));
        } else {
            send(command);
        }
    }

    /**
     * Whether the upstream offers a mechanism. LOGIN is IMAP's own {@code LOGIN} command, which
     * carries the same two answers (user name, password) in one round trip and which every server
     * takes unless it says {@code LOGINDISABLED}, announced {@code AUTH=LOGIN} or not.
     */
    private boolean offers(SaslMechanism mechanism) {
        return switch (mechanism) {
            case LOGIN -> !capabilities.has("LOGINDISABLED");
            case PLAIN, XOAUTH2, OAUTHBEARER -> capabilities.has("AUTH=" + mechanism.name());
        };
    }

    private static byte[] respond(SaslClient client, byte[] challenge) throws UpstreamFailure {
        try {
            return client.respond(challenge);
        } catch (SaslException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "unexpected continuation during login (" + e.getMessage() + ")");
        }
    }

    /**
     * LOGIN with both arguments (the LOGIN mechanism's two answers) as literals, so no character of
     * the password needs quoting rules.
     */
    private void loginCommand(SaslClient login) throws UpstreamFailure {
        byte[] user = respond(login, new byte[0]);
        byte[] secret = respond(login, new byte[0]);
        if (capabilities.has("LITERAL+")) {
            send(TAG_LOGIN + " LOGIN {" + user.length + "+}\r\n" + latin1(user) + " {" + secret.length + "+}\r\n"
                    + latin1(secret));
            return;
        }
        step = Step.LOGIN_LITERAL;
        pendingLiteral = latin1(user) + " {" + secret.length + "}";
        pendingSecondLiteral = latin1(secret);
        send(TAG_LOGIN + " LOGIN {" + user.length + "}");
    }

    private void onContinuation(String line) throws UpstreamFailure {
        if (step == Step.AUTHENTICATE && sasl != null) {
            byte[] challenge = SaslEncoding.challenge(line.substring(1));
            if (challenge.length > 0) {
                // A bearer-token mechanism's only challenge is the server's error (Gmail: base64 JSON).
                serverSaid = brief(new String(challenge, StandardCharsets.UTF_8));
            }
            send(SaslEncoding.response(respond(sasl, challenge)));
            return;
        }
        if (step != Step.LOGIN_LITERAL || pendingLiteral == null) {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "unexpected continuation during login");
        }
        send(pendingLiteral);
        pendingLiteral = pendingSecondLiteral;
        pendingSecondLiteral = null;
    }

    private void onLoginReply(String line) throws UpstreamFailure {
        if (line.startsWith("+")) {
            onContinuation(line);
            return;
        }
        if (!isTagged(line, TAG_LOGIN)) {
            return;
        }
        String status = statusOf(line);
        if (status.equals("OK")) {
            ImapCapabilities after = ImapCapabilities.fromResponseCode(line.substring(TAG_LOGIN.length() + 4));
            if (after.isEmpty()) {
                step = Step.POST_CAPABILITY;
                send(TAG_POST_CAPABILITY + " CAPABILITY");
            } else {
                succeed(after.forClientAfterLogin());
            }
        } else if (status.equals("NO")) {
            throw new UpstreamFailure(UpstreamFailure.Kind.CREDENTIAL_REFUSED, "upstream refused the gateway's own credential ("
                    + credentialKind() + "): " + brief(line) + (serverSaid == null ? "" : " (its SASL error: " + serverSaid + ")"));
        } else {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "upstream answered the login with: " + brief(line));
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
                return "stored upstream password of " + identity.user();
            }

            @Override
            public String bearer(UpstreamCredential.Bearer bearer) {
                return "OAuth2 token for " + identity.user() + (sasl == null ? "" : " by " + sasl.mechanism());
            }
        });
    }

    private static boolean isTagged(String line, String tag) {
        return line.length() > tag.length() && line.regionMatches(true, 0, tag, 0, tag.length())
                && line.charAt(tag.length()) == ' ';
    }

    private static String statusOf(String taggedLine) {
        int space = taggedLine.indexOf(' ');
        int next = taggedLine.indexOf(' ', space + 1);
        return taggedLine.substring(space + 1, next < 0 ? taggedLine.length() : next).toUpperCase(Locale.ROOT);
    }

    private static void requireOk(String line, UpstreamFailure.Kind kind) throws UpstreamFailure {
        if (!statusOf(line).equals("OK")) {
            throw new UpstreamFailure(kind, "upstream answered: " + brief(line));
        }
    }

    /** Upstream text for logs: printable ASCII only, capped. It never contains what Postern sent. */
    static String brief(String line) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < line.length() && out.length() < 200; i++) {
            char c = line.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
