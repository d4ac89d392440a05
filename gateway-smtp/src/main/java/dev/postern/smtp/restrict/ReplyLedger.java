package dev.postern.smtp.restrict;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What one session with limits on sending has sent upstream and not yet seen answered, shared by
 * the client's {@link SubmitFilter} and the upstream's {@link ReplyWatch}. SMTP answers strictly in
 * order, one reply per command line, one for a DATA body, one per BDAT chunk: so replies are matched
 * to what was sent by counting alone.
 *
 * <p><b>Order of Postern's own answers.</b> An answer of Postern's to a command pipelined behind
 * commands still in flight upstream is held until the upstream has answered every one of them; the
 * watch then writes it right after the reply that completed the last of them, ahead of any reply to a
 * command sent later. With nothing in flight it is written at once.
 *
 * <p><b>Bounded.</b> Plain commands in flight are only counted (runs of them share one entry); entries
 * of their own are kept for DATA, for the end of a DATA body and for a last BDAT chunk, whose replies
 * matter. Past {@link #MAX_HELD} held answers or {@link #MAX_MESSAGES} messages in flight the filter
 * stops reading until the upstream catches up.
 *
 * <p>Confined to the session's one event loop: no field needs to be volatile.
 */
final class ReplyLedger {

    /** Held answers past which the filter waits for the upstream. */
    static final int MAX_HELD = 64;
    /** Messages awaiting the upstream's verdict past which the filter waits for the upstream. */
    static final int MAX_MESSAGES = 64;

    /** What a reply answers. */
    enum Kind {
        /** Any command line whose reply only needs counting. */
        COMMAND,
        /** {@code DATA}: 354 opens a body. */
        DATA,
        /** The end of a DATA body: 2xx is a message accepted. */
        MESSAGE_END,
        /** {@code BDAT ... LAST} with its chunk: 2xx is a message accepted. */
        LAST_CHUNK;

        boolean endsMessage() {
            return this == MESSAGE_END || this == LAST_CHUNK;
        }
    }

    private static final class Run {
        final Kind kind;
        long count = 1;

        Run(Kind kind) {
            this.kind = kind;
        }
    }

    /** An answer of Postern's own, due once the upstream has answered {@code after} replies in all. */
    private record Held(long after, String reply) {
    }

    private final ArrayDeque<Run> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private long sent;
    private long answered;
    private int messages;
    /** The code the upstream answered DATA with, not yet taken; 0 for none. */
    private int dataReply;

    /** Something that gets one reply went upstream. */
    void sent(Kind kind) {
        sent++;
        Run last = inFlight.peekLast();
        if (kind == Kind.COMMAND && last != null && last.kind == Kind.COMMAND) {
            last.count++;
        } else {
            inFlight.addLast(new Run(kind));
        }
        if (kind.endsMessage()) {
            messages++;
        }
    }

    /**
     * The upstream completed a reply with {@code code} (0 when it had none): the oldest thing in flight
     * is answered. Returns what it was, or null for a reply to nothing sent (an upstream closing with 421).
     */
    Kind answered(int code) {
        Run first = inFlight.peekFirst();
        if (first == null) {
            return null;
        }
        answered++;
        if (--first.count == 0) {
            inFlight.pollFirst();
        }
        if (first.kind == Kind.DATA) {
            dataReply = code;
        }
        if (first.kind.endsMessage()) {
            messages--;
        }
        return first.kind;
    }

    /** The upstream's reply to DATA, once, or 0 while it has not come. */
    int takeDataReply() {
        int code = dataReply;
        dataReply = 0;
        return code;
    }

    /**
     * An answer of Postern's own: true when it may be written now, false when it was held behind
     * commands in flight.
     */
    boolean answerNowOrHold(String reply) {
        if (sent == answered && held.isEmpty()) {
            return true;
        }
        held.addLast(new Held(sent, reply));
        return false;
    }

    /** Whether a held answer is due now: the reply just counted was the last one it waited for. */
    boolean answerDue() {
        return !held.isEmpty() && held.peekFirst().after() <= answered;
    }

    /** Held answers now due, in the order they were made. */
    List<String> takeDue() {
        if (held.isEmpty()) {
            return List.of();
        }
        List<String> due = new ArrayList<>();
        while (!held.isEmpty() && held.peekFirst().after() <= answered) {
            due.add(held.pollFirst().reply());
        }
        return due;
    }

    /** Whether the filter should stop reading until the upstream catches up. */
    boolean full() {
        return held.size() >= MAX_HELD || messages >= MAX_MESSAGES;
    }

    /** Whether a message sent is still awaiting the upstream's verdict. */
    boolean messagesInFlight() {
        return messages > 0;
    }
}
