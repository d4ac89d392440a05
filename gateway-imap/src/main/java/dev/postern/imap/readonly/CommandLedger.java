package dev.postern.imap.readonly;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What one read-only session has sent upstream and not yet seen completed, shared by the client's
 * {@link ReadOnlyFilter} and the upstream's {@link ReplyWatch}.
 *
 * <p><b>Order of Postern's own answers.</b> A refusal (or a local {@code CAPABILITY}) for a command
 * that the client pipelined behind commands still in flight upstream is held until the upstream has
 * completed every one of them (their tagged replies have been relayed to the client); then it is
 * written, after the chunk that held the last completion. With nothing in flight it is written at
 * once.
 *
 * <p><b>Literals of commands sent upstream.</b> After a command line ending with a synchronizing
 * literal, the filter passes the literal's octets only once the upstream has asked for them with a
 * continuation request; if the upstream completes the command instead (it refused it before the
 * literal), the client's next octets are read as a new command, as the upstream reads them. So no
 * octet the upstream will read as a command ever passes unread. The continuation the upstream sends
 * after {@code IDLE} is told apart: it is owed to the idle command, not to a literal.
 *
 * <p>Confined to the session's one event loop: no field needs to be volatile.
 */
final class CommandLedger {

    /** A command sent upstream, numbered in the order it was sent. */
    private record InFlight(String tag, long number) {
    }

    /** An answer of Postern's own, due once nothing numbered up to {@code after} is in flight. */
    private record Held(long after, String reply) {
    }

    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private long sent;
    /** Commands are told apart by number, not tag: a client may (wrongly) reuse a tag still in flight. */
    private long awaitingLiteralOf;
    private boolean literalGranted;
    private boolean literalRefused;
    private long idleNumber;
    /** Idle commands sent whose continuation request has not come yet, oldest first (the upstream answers in order). */
    private final ArrayDeque<Long> continuationsOwed = new ArrayDeque<>();
    private boolean idleOver;

    /** A command's first line went upstream. */
    void sent(String tag) {
        inFlight.addLast(new InFlight(tag, ++sent));
    }

    /** {@code IDLE} went upstream: its continuation request is not a literal's, and its completion ends it. */
    void idleSent(String tag) {
        sent(tag);
        idleNumber = sent;
        continuationsOwed.addLast(sent);
        idleOver = false;
    }

    /** The client ended the idle command with {@code DONE}. */
    void idleDone() {
        idleNumber = 0;
    }

    /** Whether the upstream completed the idle command before the client's {@code DONE}. */
    boolean takeIdleOver() {
        boolean over = idleOver;
        idleOver = false;
        return over;
    }

    /** The command being sent (the last one {@link #sent}) waits for the upstream to ask for its literal. */
    void awaitLiteral() {
        awaitingLiteralOf = sent;
        literalGranted = false;
        literalRefused = false;
    }

    /** How the upstream answered the awaited literal. */
    enum LiteralAnswer { NONE, GRANTED, REFUSED }

    /**
     * How the upstream answered the awaited literal, if it has; clears the wait then. A completion
     * wins over a continuation request seen with it: then the literal must not pass.
     */
    LiteralAnswer takeLiteralAnswer() {
        LiteralAnswer answer = literalRefused ? LiteralAnswer.REFUSED
                : literalGranted ? LiteralAnswer.GRANTED : LiteralAnswer.NONE;
        if (answer != LiteralAnswer.NONE) {
            awaitingLiteralOf = 0;
            literalGranted = false;
            literalRefused = false;
        }
        return answer;
    }

    /**
     * An answer of Postern's own: returns true when it may be written now, false when it was held
     * behind commands in flight.
     */
    boolean answerNowOrHold(String reply) {
        if (inFlight.isEmpty()) {
            return true;
        }
        held.addLast(new Held(sent, reply));
        return false;
    }

    int heldCount() {
        return held.size();
    }

    /** The upstream sent a tagged reply: the oldest command in flight with that tag has completed. */
    void completed(String tag) {
        long number = 0;
        for (var it = inFlight.iterator(); it.hasNext(); ) {
            InFlight command = it.next();
            if (command.tag().equals(tag)) {
                it.remove();
                number = command.number();
                break;
            }
        }
        if (number == 0) {
            return; // not a command of the client's that went upstream
        }
        if (number == awaitingLiteralOf) {
            literalRefused = true;
        }
        if (number == idleNumber) {
            idleNumber = 0;
            idleOver = true;
        }
        continuationsOwed.remove(number); // an idle refused without a continuation request
    }

    /** The upstream sent a continuation request ({@code +}). */
    void continuationRequested() {
        if (!continuationsOwed.isEmpty()) {
            continuationsOwed.pollFirst();
        } else if (awaitingLiteralOf != 0) {
            literalGranted = true;
        }
    }

    /** Held answers whose commands in flight have all completed, in the order they were made. */
    List<String> takeDue() {
        if (held.isEmpty()) {
            return List.of();
        }
        long oldestInFlight = inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peekFirst().number();
        List<String> due = new ArrayList<>();
        while (!held.isEmpty() && held.peekFirst().after() < oldestInFlight) {
            due.add(held.pollFirst().reply());
        }
        return due;
    }
}
