package dev.postern.pop3.front;

import static dev.postern.pop3.front.Pop3Replies.*;

import dev.postern.core.auth.LoginRequest;
import dev.postern.core.auth.sasl.SaslExchange;
import dev.postern.core.auth.sasl.SaslStep;
import dev.postern.core.config.ListenerTls;
import dev.postern.core.front.LoginFlow;
import dev.postern.core.front.LoginReplies;
import dev.postern.core.front.LoginServices;
import dev.postern.core.front.PreAuthFront;
import dev.postern.core.observe.ThrottleAction;
import dev.postern.pop3.codec.Pop3Input;
import dev.postern.pop3.codec.Pop3LineDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Set;

/**
 * The POP3 AUTHORIZATION state (RFC 1939 §4) answered by Postern: greets, answers CAPA (RFC 2449,
 * see {@link Pop3Capabilities}), STLS (RFC 2595) and QUIT itself, takes USER then PASS, frames the
 * shared {@link SaslExchange} of AUTH PLAIN/LOGIN in POP3's words (RFC 5034) and hands the
 * credential to the shared {@link LoginFlow}. APOP (it would need the plain password) and every
 * TRANSACTION-state command are refused until then. On the STLS port before TLS, USER, PASS and
 * AUTH are refused and CAPA offers no login.
 *
 * <p>POP3 has no unsolicited replies, so every command gets exactly one: the bad command that reaches
 * the limit is answered with the closing line instead of its own refusal, and after the last allowed
 * failed login the refusal is the last line. Only the pre-auth timeout and a stop say something
 * unasked, just before closing.
 *
 * <p>Confined to the channel's event loop: no field needs to be volatile.
 */
public final class Pop3FrontHandler extends PreAuthFront<Pop3LineDecoder> {

    /** Commands of the TRANSACTION state (RFC 1939 §5, RFC 2449's TOP and UIDL): not before login. */
    private static final Set<String> TRANSACTION =
            Set.of("STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "TOP", "UIDL", "LAST");

    private final Pop3Service service;
    private final ListenerTls security;
    private boolean closing;
    private int badCommands;
    /** The AUTH exchange waiting for the client's line after a {@code +}; null when none is. */
    private SaslExchange exchange;
    /** The name of the USER command just before, for PASS (RFC 1939 §7); null otherwise. */
    private String pendingUser;

    /**
     * @param listener the listener's address, for the audit log
     */
    public Pop3FrontHandler(Pop3Service service, ListenerTls security, String listener) {
        super(Pop3LineDecoder.class, security == ListenerTls.IMPLICIT, listener);
        this.service = service;
        this.security = security;
    }

    @Override
    protected LoginServices loginServices() {
        return service.loginServices();
    }

    @Override
    protected LoginReplies loginReplies() {
        return Pop3LoginReplies.INSTANCE;
    }

    @Override
    protected void greet() {
        reply(GREETING);
    }

    @Override
    protected void onPreAuthTimeout() {
        close(CLOSING_TIMEOUT);
    }

    /** A stop was asked for: a client still before login is told so and let go. */
    @Override
    protected void onShutdown() {
        close(CLOSING_SHUTDOWN);
    }

    @Override
    protected Duration preAuthTimeout() {
        return service.settings().preAuthTimeout();
    }

    @Override
    protected ByteBuf encode(String text) {
        return ByteBufUtil.writeAscii(context().alloc(), text);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg); // lines that came in the same read as the one that ended the session
        } else if (msg instanceof Pop3Input.Malformed malformed) {
            onMalformed(malformed);
        } else if (msg instanceof Pop3Input.Line line) {
            if (exchange != null) {
                onSaslResponse(line.text());
            } else {
                String user = pendingUser; // PASS must come right after USER: any other line forgets it
                pendingUser = null;
                onCommand(Pop3Command.parse(line.text()), user);
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onMalformed(Pop3Input.Malformed malformed) {
        exchange = null;
        pendingUser = null;
        if (malformed.fatal()) {
            close(CLOSING_TOO_MUCH_DATA);
        } else {
            bad(malformed.reason().equals(Pop3Input.Malformed.LINE_TOO_LONG) ? LINE_TOO_LONG : MALFORMED);
        }
    }

    private void onCommand(Pop3Command command, String user) {
        switch (command.keyword()) {
            case "CAPA" -> reply(multiLine(CAPA, Pop3Capabilities.list(service.upstreamCapabilities().get(),
                    loginAllowed(), security == ListenerTls.STARTTLS && !tlsActive())));
            case "STLS" -> onStls();
            case "USER" -> onUser(command);
            case "PASS" -> onPass(command, user);
            case "AUTH" -> onAuth(command);
            case "APOP" -> bad(APOP_REFUSED);
            case "QUIT" -> close(BYE);
            default -> bad(TRANSACTION.contains(command.keyword()) ? NOT_LOGGED_IN : UNKNOWN_COMMAND);
        }
    }

    /** Whether a credential may be presented now: anywhere but on the STLS port before TLS. */
    private boolean loginAllowed() {
        return security != ListenerTls.STARTTLS || tlsActive();
    }

    private void onStls() {
        if (tlsActiveOrStarting()) {
            bad(STLS_ACTIVE);
            return;
        }
        if (security != ListenerTls.STARTTLS) {
            bad(STLS_NOT_OFFERED);
            return;
        }
        // pipelined bytes dropped, nothing decoded until the handshake is done; the +OK goes out in clear.
        // RFC 2595 §4: the client starts over; nothing before STLS is remembered (USER was refused anyway).
        upgradeToTls(service.serverTls().get(), service.settings().tlsHandshakeTimeout());
        reply(STLS_GO);
    }

    /** {@code USER name}: always {@code +OK}, so it never tells whether the user exists. */
    private void onUser(Pop3Command command) {
        if (!loginAllowed()) {
            bad(TLS_REQUIRED);
            return;
        }
        if (command.argument().isEmpty()) {
            bad(SYNTAX_USER);
            return;
        }
        pendingUser = Pop3Command.utf8(command.argument());
        reply(USER_ACCEPTED);
    }

    /** {@code PASS secret}: the secret is the rest of the line after one space, spaces included. */
    private void onPass(Pop3Command command, String user) {
        if (!loginAllowed()) {
            bad(TLS_REQUIRED);
            return;
        }
        if (user == null) {
            bad(PASS_WITHOUT_USER);
            return;
        }
        if (command.rest().isEmpty()) {
            bad(SYNTAX_PASS);
            return;
        }
        login().check(LoginRequest.login(user, Pop3Command.utf8(command.rest())));
    }

    /** {@code AUTH} alone lists the mechanisms; {@code AUTH mechanism [initial-response]} starts one. */
    private void onAuth(Pop3Command command) {
        if (!loginAllowed()) {
            bad(TLS_REQUIRED);
            return;
        }
        String[] words = command.words();
        if (words.length == 0) {
            reply(multiLine(MECHANISMS, MECHANISM_NAMES));
        } else if (words.length > 2) {
            bad(SYNTAX_AUTH);
        } else {
            onSaslStep(SaslExchange.start(words[0], words.length == 2 ? words[1] : null));
        }
    }

    private void onSaslResponse(String line) {
        SaslExchange current = exchange;
        exchange = null;
        onSaslStep(current.respond(line));
    }

    /** Frames a step of the shared SASL exchange in POP3's words (RFC 5034 §4). */
    private void onSaslStep(SaslStep step) {
        if (step instanceof SaslStep.Challenge challenge) {
            exchange = challenge.exchange();
            decoder().expectSaslResponse();
            reply(String.format(CONTINUE, challenge.challenge()));
        } else if (step instanceof SaslStep.Complete complete) {
            login().check(complete.request());
        } else if (step instanceof SaslStep.Cancelled) {
            reply(AUTH_CANCELLED);
        } else if (step instanceof SaslStep.Malformed) {
            bad(AUTH_INVALID_RESPONSE);
        } else {
            bad(AUTH_UNKNOWN_MECHANISM);
        }
    }

    /** A refusal that counts toward the limit; the one that reaches it is answered with the closing line. */
    private void bad(String replyLine) {
        badCommands++;
        if (badCommands >= service.settings().maxBadCommands()) {
            service.metrics().throttled(Pop3Service.PROTOCOL, ThrottleAction.DISCONNECT_BAD_COMMANDS);
            close(CLOSING_TOO_MANY_BAD);
        } else {
            reply(replyLine);
        }
    }

    @Override
    public void closeWith(String lastLine) {
        close(lastLine);
    }

    /** Sends a last line (possibly empty) and closes once it is out; later input is ignored. */
    private void close(String closingLine) {
        closing = true;
        writeAndClose(closingLine);
    }
}
