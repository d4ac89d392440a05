package dev.postern.smtp.front;

import static dev.postern.smtp.front.SmtpReplies.*;

import dev.postern.core.auth.sasl.SaslExchange;
import dev.postern.core.auth.sasl.SaslStep;
import dev.postern.core.config.ListenerTls;
import dev.postern.core.front.LoginFlow;
import dev.postern.core.front.LoginReplies;
import dev.postern.core.front.LoginServices;
import dev.postern.core.front.PreAuthFront;
import dev.postern.core.observe.ThrottleAction;
import dev.postern.core.pipeline.PipelineNames;
import dev.postern.smtp.codec.SmtpInput;
import dev.postern.smtp.codec.SmtpLineDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The SMTP submission state machine before login: greets, answers EHLO/HELO (advertising only
 * what the upstream has), STARTTLS, RSET, NOOP, HELP and QUIT itself, frames the shared
 * {@link SaslExchange} of AUTH PLAIN/LOGIN in SMTP's words and hands the credential to the shared
 * {@link LoginFlow}. MAIL, RCPT, DATA and BDAT (whose chunk the decoder skips, or a too large one
 * ends the session with {@code 552}) are refused until then. Too many refused commands, too many
 * failed logins or too long without logging in end the connection with {@code 421}.
 *
 * <p>Confined to the channel's event loop: no field needs to be volatile.
 */
public final class SmtpFrontHandler extends PreAuthFront<SmtpLineDecoder> {

    private final SmtpService service;
    private final ListenerTls security;
    private boolean greeted;
    private boolean closing;
    private int badCommands;
    /** The AUTH exchange waiting for the client's line after a {@code 334}; null when none is. */
    private SaslExchange exchange;

    public SmtpFrontHandler(SmtpService service, ListenerTls security, String listener) {
        super(SmtpLineDecoder.class, security == ListenerTls.IMPLICIT, listener);
        this.service = service;
        this.security = security;
    }

    @Override
    protected LoginServices loginServices() {
        return service.loginServices();
    }

    @Override
    protected LoginReplies loginReplies() {
        return new SmtpLoginReplies(hostName());
    }

    @Override
    protected void greet() {
        reply(String.format(GREETING, hostName()));
    }

    @Override
    protected void onPreAuthTimeout() {
        close(String.format(CLOSING_TIMEOUT, hostName()));
    }

    /** A stop was asked for: a client still before login is told so and let go. */
    @Override
    protected void onShutdown() {
        close(String.format(CLOSING_SHUTDOWN, hostName()));
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
        } else if (msg instanceof SmtpInput.Malformed malformed) {
            onMalformed(malformed);
        } else if (msg instanceof SmtpInput.Chunk) {
            exchange = null;
            bad(AUTH_REQUIRED); // the decoder skipped the chunk's octets
        } else if (msg instanceof SmtpInput.Line line) {
            if (exchange != null) {
                onSaslResponse(line.text());
            } else {
                onCommand(SmtpCommandLine.parse(line.text()));
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onMalformed(SmtpInput.Malformed malformed) {
        exchange = null;
        if (malformed.reason().equals(SmtpInput.Malformed.CHUNK_TOO_LARGE)) {
            close(String.format(CLOSING_CHUNK_TOO_LARGE, hostName()));
        } else if (malformed.fatal()) {
            close(String.format(CLOSING_TOO_MUCH_DATA, hostName()));
        } else {
            bad(malformed.reason().equals(SmtpInput.Malformed.LINE_TOO_LONG) ? LINE_TOO_LONG : MALFORMED);
        }
    }

    private void onCommand(SmtpCommandLine command) {
        switch (command.verb()) {
            case "EHLO" -> onEhlo(command);
            case "HELO" -> onHelo(command);
            case "STARTTLS" -> onStartTls(command);
            case "AUTH" -> onAuth(command);
            case "MAIL", "RCPT", "DATA", "BDAT" -> bad(AUTH_REQUIRED);
            case "RSET", "NOOP" -> reply(OK);
            case "HELP" -> reply(HELP);
            case "QUIT" -> close(BYE);
            default -> bad(UNRECOGNIZED);
        }
    }

    private void onEhlo(SmtpCommandLine command) {
        if (command.argument().isEmpty()) {
            bad(SYNTAX_EHLO);
            return;
        }
        greeted = true;
        List<String> lines = new ArrayList<>();
        lines.add(hostName());
        lines.addAll(service.extensions().get().forClients());
        if (security == ListenerTls.STARTTLS && !tlsActive()) {
            lines.add(EXTENSION_STARTTLS);
        } else {
            lines.add(EXTENSION_AUTH);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            text.append(String.format(i == lines.size() - 1 ? EHLO_LAST : EHLO_MORE, lines.get(i)));
        }
        reply(text.toString());
    }

    private void onHelo(SmtpCommandLine command) {
        if (command.argument().isEmpty()) {
            bad(SYNTAX_HELO);
            return;
        }
        greeted = true;
        reply(String.format(HELO, hostName()));
    }

    private void onStartTls(SmtpCommandLine command) {
        if (!command.argument().isEmpty()) {
            bad(SYNTAX_NO_ARGUMENTS);
            return;
        }
        if (tlsActiveOrStarting()) {
            bad(STARTTLS_ACTIVE);
            return;
        }
        if (security != ListenerTls.STARTTLS) {
            bad(STARTTLS_NOT_OFFERED);
            return;
        }
        // pipelined bytes dropped, nothing decoded until the handshake is done; the 220 goes out in clear.
        // RFC 3207 §4.2: the client starts over, so EHLO is forgotten.
        greeted = false;
        upgradeToTls(service.serverTls().get(), service.settings().tlsHandshakeTimeout());
        reply(STARTTLS_GO);
    }

    private void onAuth(SmtpCommandLine command) {
        if (security == ListenerTls.STARTTLS && !tlsActive()) {
            bad(MUST_STARTTLS);
            return;
        }
        if (!greeted) {
            bad(AUTH_NEEDS_EHLO);
            return;
        }
        String[] words = command.words();
        if (words.length == 0 || words.length > 2) {
            bad(SYNTAX_AUTH);
            return;
        }
        onSaslStep(SaslExchange.start(words[0], words.length == 2 ? words[1] : null));
    }

    private void onSaslResponse(String line) {
        SaslExchange current = exchange;
        exchange = null;
        onSaslStep(current.respond(line));
    }

    /** Frames a step of the shared SASL exchange in SMTP's words (RFC 4954). */
    private void onSaslStep(SaslStep step) {
        if (step instanceof SaslStep.Challenge challenge) {
            exchange = challenge.exchange();
            reply(String.format(CONTINUE, challenge.challenge()));
        } else if (step instanceof SaslStep.Complete complete) {
            login().check(complete.request());
        } else if (step instanceof SaslStep.Cancelled) {
            reply(AUTH_CANCELLED);
        } else if (step instanceof SaslStep.Malformed) {
            bad(AUTH_BAD_BASE64);
        } else {
            bad(AUTH_UNKNOWN_MECHANISM);
        }
    }

    /** A refusal that counts toward the limit; past it, {@code 421} and close. */
    private void bad(String replyLine) {
        badCommands++;
        reply(replyLine);
        if (badCommands >= service.settings().maxBadCommands()) {
            service.metrics().throttled(SmtpService.PROTOCOL, ThrottleAction.DISCONNECT_BAD_COMMANDS);
            close(String.format(CLOSING_TOO_MANY_ERRORS, hostName()));
        }
    }

    private String hostName() {
        return service.settings().hostName();
    }

    @Override
    public void closeWith(String lastLine) {
        close(lastLine);
    }

    /** Sends a last line ({@code 421}, {@code 221}) and closes; later input is ignored. */
    void close(String closingLine) {
        closing = true;
        writeAndClose(closingLine);
    }
}
