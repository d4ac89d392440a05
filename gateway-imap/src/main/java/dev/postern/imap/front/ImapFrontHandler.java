package dev.postern.imap.front;

import static dev.postern.imap.front.ImapResponses.*;

import dev.postern.core.auth.UserNames;
import dev.postern.core.auth.sasl.SaslLogin;
import dev.postern.core.auth.sasl.SaslOutcome;
import dev.postern.core.auth.sasl.SaslPlain;
import dev.postern.core.auth.sasl.SaslText;
import dev.postern.core.front.LoginFlow;
import dev.postern.core.front.LoginReplies;
import dev.postern.core.front.LoginServices;
import dev.postern.core.front.PreAuthFront;
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
 * runs the LOGIN and AUTHENTICATE PLAIN/LOGIN dialogues, and hands the credential to
 * the shared {@link LoginFlow}. Anything else is BAD; too many BADs, too many failed logins or too long
 * without logging in end the connection with {@code * BYE}.
 *
 * <p>Confined to the channel's event loop: no field needs to be volatile.
 */
public final class ImapFrontHandler extends PreAuthFront<ImapCommandDecoder> {

    /** How the listener protects the connection. */
    public enum ListenerSecurity { IMPLICIT, STARTTLS, NONE }

    private final ImapService service;
    private final ListenerSecurity security;
    private int badCommands;
    private SaslDialogue dialogue;

    public ImapFrontHandler(ImapService service, ListenerSecurity security, String listener) {
        super(ImapCommandDecoder.class, security == ListenerSecurity.IMPLICIT, listener);
        this.service = service;
        this.security = security;
    }

    @Override
    protected LoginServices loginServices() {
        return service.loginServices();
    }

    @Override
    protected LoginReplies loginReplies() {
        return ImapLoginReplies.INSTANCE;
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
        dialogue = null;
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
        if (security != ListenerSecurity.STARTTLS || tlsActiveOrStarting()) {
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
        if (tlsActive() || security == ListenerSecurity.NONE) {
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
            login().check(tag, "login", "", astring(args.get(0)).get(), astring(args.get(1)).get());
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
        String initial = args.size() == 2 ? ((ImapArg.Atom) args.get(1)).value() : null;
        switch (mechanism.value().toUpperCase(java.util.Locale.ROOT)) {
            case "PLAIN" -> {
                if (initial == null) {
                    dialogue = SaslDialogue.plain(tag);
                    decoder().expectContinuationLine();
                    reply(CONTINUE_EMPTY);
                } else {
                    onPlain(tag, initial.equals("=") ? "" : initial);
                }
            }
            case "LOGIN" -> {
                if (initial == null) {
                    dialogue = SaslDialogue.loginAskingUser(tag);
                    decoder().expectContinuationLine();
                    reply(CONTINUE_USERNAME);
                } else {
                    onLoginUser(tag, initial.equals("=") ? "" : initial);
                }
            }
            default -> reply(String.format(UNSUPPORTED_MECHANISM, tag));
        }
    }

    private void onContinuation(String line) {
        SaslDialogue current = dialogue;
        dialogue = null;
        if (current == null) {
            bad(String.format(BAD_COMMAND, "*"));
            return;
        }
        if (line.equals("*")) {
            reply(String.format(AUTHENTICATE_CANCELLED, current.tag()));
            return;
        }
        switch (current.step()) {
            case PLAIN -> onPlain(current.tag(), line);
            case LOGIN_USER -> onLoginUser(current.tag(), line);
            case LOGIN_PASSWORD -> onLoginPassword(current.tag(), current.user(), line);
        }
    }

    private void onPlain(String tag, String base64) {
        SaslOutcome outcome = SaslPlain.decode(base64);
        if (outcome instanceof SaslOutcome.Credentials credentials) {
            login().check(tag, "plain", credentials.authzid(), credentials.authcid(), credentials.password());
        } else {
            bad(String.format(INVALID_BASE64, tag));
        }
    }

    private void onLoginUser(String tag, String base64) {
        if (!(SaslLogin.decodeUsername(base64) instanceof SaslText.Value user)) {
            bad(String.format(INVALID_BASE64, tag));
            return;
        }
        dialogue = SaslDialogue.loginAskingPassword(tag, user.text());
        decoder().expectContinuationLine();
        reply(CONTINUE_PASSWORD);
    }

    private void onLoginPassword(String tag, String user, String base64) {
        if (!(SaslLogin.decodePassword(base64) instanceof SaslText.Value password)) {
            bad(String.format(INVALID_BASE64, tag));
            return;
        }
        login().check(tag, "login", "", user, password.text());
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
        return security == ListenerSecurity.STARTTLS && !tlsActive() ? CAPABILITIES_BEFORE_TLS : CAPABILITIES_WITH_TLS;
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
