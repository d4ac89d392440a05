package dev.postern.imap.front;

import static dev.postern.imap.front.ImapResponses.*;

import dev.postern.core.auth.LoginRequest;
import dev.postern.core.auth.sasl.SaslExchange;
import dev.postern.core.auth.sasl.SaslStep;
import dev.postern.core.config.ListenerTls;
import dev.postern.core.front.LoginFlow;
import dev.postern.core.front.LoginReplies;
import dev.postern.core.front.LoginServices;
import dev.postern.core.front.PreAuthFront;
import dev.postern.core.identity.UserNames;
import dev.postern.core.observe.ThrottleAction;
import dev.postern.imap.codec.ImapArg;
import dev.postern.imap.codec.ImapCommand;
import dev.postern.imap.codec.ImapCommandDecoder;
import dev.postern.imap.codec.ImapContinuation;
import dev.postern.imap.codec.ImapMalformed;
import dev.postern.imap.codec.ImapRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The IMAP state machine before login: answers CAPABILITY, NOOP, LOGOUT, ID and STARTTLS itself,
 * takes LOGIN, frames the shared {@link SaslExchange} of AUTHENTICATE PLAIN/LOGIN in IMAP's words,
 * and hands the credential to the shared {@link LoginFlow}, answering its outcome under the tag of
 * the command in flight (the tag never leaves this front). Anything else is BAD; too many BADs, too
 * many failed logins or too long without logging in end the connection with {@code * BYE}.
 *
 * <p>Confined to the channel's event loop: no field needs to be volatile.
 */
public final class ImapFrontHandler extends PreAuthFront<ImapCommandDecoder> {

    private final ImapService service;
    private final ListenerTls security;
    private int badCommands;
    /** The AUTHENTICATE exchange waiting for the client's continuation line; null when none is. */
    private SaslExchange exchange;
    /**
     * The tag of the LOGIN or AUTHENTICATE in flight: the one a continuation and the login flow's
     * answer belong to. Nothing else is decoded meanwhile (the flow suspends the decoder).
     */
    private String loginTag;

    public ImapFrontHandler(ImapService service, ListenerTls security, String listener) {
        super(ImapCommandDecoder.class, security == ListenerTls.IMPLICIT, listener);
        this.service = service;
        this.security = security;
    }

    @Override
    protected LoginServices loginServices() {
        return service.loginServices();
    }

    @Override
    protected LoginReplies loginReplies() {
        return new ImapLoginReplies(() -> loginTag);
    }

    @Override
    protected void greet() {
        reply(String.format(GREETING, capabilities()));
    }

    @Override
    protected void onPreAuthTimeout() {
        bye(BYE_TIMEOUT);
    }

    /** The gateway stops: a client still before login hears {@code * BYE Server shutting down.}. */
    @Override
    protected void onShutdown() {
        bye(BYE_SHUTDOWN);
    }

    @Override
    protected Duration preAuthTimeout() {
        return service.settings().preAuthTimeout();
    }

    @Override
    protected ByteBuf encode(String text) {
        return ByteBufUtil.writeUtf8(context().alloc(), text);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ImapRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (request instanceof ImapMalformed malformed) {
            onMalformed(malformed);
        } else if (request instanceof ImapContinuation continuation) {
            onContinuation(continuation.line());
        } else {
            onCommand((ImapCommand) request);
        }
    }

    private void onMalformed(ImapMalformed malformed) {
        if (malformed.fatal()) {
            if (malformed.tag() != null) {
                reply(String.format(BAD_SYNTAX, malformed.tag(), malformed.reason()));
            }
            bye(String.format(BYE_FATAL, malformed.reason()));
            return;
        }
        exchange = null;
        bad(String.format(BAD_SYNTAX, tagOrStar(malformed.tag()), malformed.reason()));
    }

    private void onCommand(ImapCommand command) {
        String tag = command.tag();
        List<ImapArg> args = command.args();
        switch (command.name()) {
            case "CAPABILITY" -> {
                if (noArguments(command)) {
                    reply(String.format(CAPABILITY, capabilities()) + String.format(CAPABILITY_DONE, tag));
                }
            }
            case "NOOP" -> {
                if (noArguments(command)) {
                    reply(String.format(NOOP_DONE, tag));
                }
            }
            case "LOGOUT" -> {
                if (noArguments(command)) {
                    writeAndClose(BYE_LOGOUT + String.format(LOGOUT_DONE, tag));
                }
            }
            case "STARTTLS" -> {
                if (noArguments(command)) {
                    startTls(tag);
                }
            }
            case "ID" -> onId(tag, args);
            case "LOGIN" -> onLogin(tag, args);
            case "AUTHENTICATE" -> onAuthenticate(tag, args);
            default -> bad(String.format(BAD_COMMAND, tag));
        }
    }

    private boolean noArguments(ImapCommand command) {
        if (command.args().isEmpty()) {
            return true;
        }
        bad(String.format(BAD_ARGUMENTS, command.tag()));
        return false;
    }

    private void startTls(String tag) {
        if (security != ListenerTls.STARTTLS || tlsActiveOrStarting()) {
            bad(String.format(STARTTLS_UNAVAILABLE, tag));
            return;
        }
        // pipelined bytes dropped, nothing decoded until the handshake is done; the OK goes out in clear
        upgradeToTls(service.serverTls().get(), service.settings().tlsHandshakeTimeout());
        reply(String.format(STARTTLS_GO, tag));
    }

    private void onId(String tag, List<ImapArg> args) {
        if (args.size() != 1 || !(args.get(0) instanceof ImapArg.ListArg || args.get(0) instanceof ImapArg.Nil)) {
            bad(String.format(BAD_ARGUMENTS, tag));
            return;
        }
        reply(ID + String.format(ID_DONE, tag));
    }

    private boolean loginAllowed(String tag) {
        if (tlsActive() || security == ListenerTls.NONE) {
            return true;
        }
        reply(String.format(PRIVACY_REQUIRED, tag));
        return false;
    }

    private void onLogin(String tag, List<ImapArg> args) {
        if (args.size() != 2 || astring(args.get(0)).isEmpty() || astring(args.get(1)).isEmpty()) {
            bad(String.format(BAD_ARGUMENTS, tag));
            return;
        }
        if (loginAllowed(tag)) {
            loginTag = tag;
            login().check(LoginRequest.login(astring(args.get(0)).get(), astring(args.get(1)).get()));
        }
    }

    private void onAuthenticate(String tag, List<ImapArg> args) {
        if (args.isEmpty() || args.size() > 2 || !(args.get(0) instanceof ImapArg.Atom mechanism)
                || (args.size() == 2 && !(args.get(1) instanceof ImapArg.Atom))) {
            bad(String.format(BAD_ARGUMENTS, tag));
            return;
        }
        if (!loginAllowed(tag)) {
            return;
        }
        String initialResponse = args.size() == 2 ? ((ImapArg.Atom) args.get(1)).value() : null;
        loginTag = tag;
        onSaslStep(SaslExchange.start(mechanism.value(), initialResponse));
    }

    private void onContinuation(String line) {
        SaslExchange current = exchange;
        exchange = null;
        if (current == null) {
            bad(String.format(BAD_COMMAND, "*"));
            return;
        }
        onSaslStep(current.respond(line));
    }

    /** Frames a step of the shared SASL exchange in IMAP's words (RFC 9051 §6.2.2, RFC 4959). */
    private void onSaslStep(SaslStep step) {
        if (step instanceof SaslStep.Challenge challenge) {
            exchange = challenge.exchange();
            decoder().expectContinuationLine();
            reply(String.format(CONTINUE, challenge.challenge()));
        } else if (step instanceof SaslStep.Complete complete) {
            login().check(complete.request());
        } else if (step instanceof SaslStep.Cancelled) {
            reply(String.format(AUTHENTICATE_CANCELLED, loginTag));
        } else if (step instanceof SaslStep.Malformed) {
            bad(String.format(INVALID_BASE64, loginTag));
        } else {
            reply(String.format(UNSUPPORTED_MECHANISM, loginTag));
        }
    }

    private static Optional<String> astring(ImapArg arg) {
        if (arg instanceof ImapArg.Atom atom) {
            return Optional.of(atom.value());
        }
        if (arg instanceof ImapArg.Str str) {
            return Optional.of(str.utf8());
        }
        if (arg instanceof ImapArg.Nil) {
            return Optional.of("NIL");
        }
        return Optional.empty();
    }

    String capabilities() {
        return security == ListenerTls.STARTTLS && !tlsActive() ? CAPABILITIES_BEFORE_TLS : CAPABILITIES_WITH_TLS;
    }

    /** A BAD reply that counts toward the limit; past it, {@code * BYE} and close. */
    private void bad(String replyLine) {
        badCommands++;
        if (badCommands >= service.settings().maxBadCommands()) {
            reply(replyLine);
            service.metrics().throttled(ImapService.PROTOCOL, ThrottleAction.DISCONNECT_BAD_COMMANDS);
            bye(BYE_TOO_MANY_BAD);
        } else {
            reply(replyLine);
        }
    }

    @Override
    public void closeWith(String lastLine) {
        bye(lastLine);
    }

    void bye(String byeLine) {
        writeAndClose(byeLine);
    }

    static String safeUser(String user) {
        return UserNames.printable(user);
    }
}
