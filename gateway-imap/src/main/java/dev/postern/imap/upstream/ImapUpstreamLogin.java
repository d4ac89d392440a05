package dev.postern.imap.upstream;

import dev.postern.core.upstream.UpstreamCredential;
import dev.postern.core.upstream.UpstreamEndpoint;
import dev.postern.core.upstream.UpstreamFailure;
import dev.postern.core.upstream.UpstreamIdentity;
import dev.postern.core.upstream.UpstreamLogin;
import dev.postern.core.upstream.UpstreamSession;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Logs in to the upstream IMAP server as the user: greeting (refusing PREAUTH and BYE),
 * STARTTLS when configured, CAPABILITY, the optional {@code ID} carrying the client's address,
 * then AUTHENTICATE PLAIN (master user: authzid = user; stored credential: the user's own
 * password) or, for a stored credential on a server without AUTH=PLAIN, LOGIN. Succeeds with the
 * post-login capability list.
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
    private String pendingLiteral;
    private String pendingSecondLiteral;

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
        UpstreamCredential credential = identity.credential();
        if (credential instanceof UpstreamCredential.MasterUser master) {
            plain(identity.user(), master.masterUser(), master.masterPassword());
        } else {
            String password = ((UpstreamCredential.UserPassword) credential).password();
            if (capabilities.has("AUTH=PLAIN")) {
                plain("", identity.user(), password);
            } else if (!capabilities.has("LOGINDISABLED")) {
                loginCommand(password);
            } else {
                throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL,
                        "upstream offers neither AUTH=PLAIN nor LOGIN (LOGINDISABLED)");
            }
        }
    }

    private void plain(String authzid, String authcid, String password) {
        String response = Base64.getEncoder().encodeToString(
                (authzid + "\0" + authcid + "\0" + password).getBytes(StandardCharsets.UTF_8));
        if (capabilities.has("SASL-IR")) {
            send(TAG_LOGIN + " AUTHENTICATE PLAIN " + response);
        } else {
            pendingLiteral = response;
            send(TAG_LOGIN + " AUTHENTICATE PLAIN");
        }
    }

    /** LOGIN with both arguments as literals, so no character of the password needs quoting rules. */
    private void loginCommand(String password) {
        byte[] user = identity.user().getBytes(StandardCharsets.UTF_8);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
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

    private void onLoginReply(String line) throws UpstreamFailure {
        if (line.startsWith("+")) {
            if (pendingLiteral == null) {
                throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "unexpected continuation during login");
            }
            send(pendingLiteral);
            pendingLiteral = pendingSecondLiteral;
            pendingSecondLiteral = null;
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
            throw new UpstreamFailure(UpstreamFailure.Kind.CREDENTIAL_REFUSED, "upstream refused the gateway's own credential (" + credentialKind() + "): " + brief(line));
        } else {
            throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "upstream answered the login with: " + brief(line));
        }
    }

    private String credentialKind() {
        return identity.credential() instanceof UpstreamCredential.MasterUser master
                ? "master user " + master.masterUser() : "stored upstream password of " + identity.user();
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
