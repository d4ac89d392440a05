package dev.postern.imap.readonly;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict stand-in for the upstream in the fuzz runs: it reads what the filter passed on with the
 * IMAP framing a server uses (lines, a literal wherever a line ends with {@code {n}} or {@code {n+}}),
 * more permissive than the filter about where a literal may stand, and fails the run as soon as it
 * would execute a command outside the allow-list. It answers every command at once with a tagged
 * {@code OK} and each synchronizing literal with {@code +} or, when told to, with a tagged {@code BAD}
 * (as a server that refuses the command before its literal); after {@code IDLE} it expects {@code DONE}.
 */
final class ModelUpstream {

    /** What the model may execute: the filter's allow-list, SELECT only as EXAMINE. */
    private static final Set<String> ALLOWED = Set.of("NOOP", "LOGOUT", "CHECK", "CLOSE", "UNSELECT", "EXAMINE",
            "FETCH", "SEARCH", "SORT", "THREAD", "LIST", "LSUB", "STATUS", "NAMESPACE", "ID", "ENABLE", "GETQUOTA",
            "GETQUOTAROOT", "GETACL", "MYRIGHTS", "LISTRIGHTS", "GETMETADATA", "IDLE", "UID FETCH", "UID SEARCH",
            "UID SORT", "UID THREAD");

    /** A literal wherever a line ends with one, whatever precedes it (more than the filter allows). */
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d{1,10})\\+?}$");

    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder replies = new StringBuilder();
    private boolean firstLine = true;
    private String tag;
    private long literal;
    private boolean idling;
    private int commands;

    /** Takes what the filter passed on; returns what the model answers (possibly nothing). */
    String read(String forwarded, boolean refuseNextLiteral) {
        pending.append(forwarded);
        while (true) {
            if (literal > 0) {
                int n = (int) Math.min(literal, pending.length());
                if (n == 0) {
                    break;
                }
                pending.delete(0, n);
                literal -= n;
                continue;
            }
            int lf = pending.indexOf("\n");
            if (lf < 0) {
                break;
            }
            String line = pending.substring(0, lf + 1);
            pending.delete(0, lf + 1);
            line(line.endsWith("\r\n") ? line.substring(0, line.length() - 2) : line.substring(0, line.length() - 1),
                    refuseNextLiteral);
        }
        String out = replies.toString();
        replies.setLength(0);
        return out;
    }

    int commands() {
        return commands;
    }

    private void line(String line, boolean refuseLiteral) {
        if (idling) {
            if (!line.equalsIgnoreCase("DONE")) {
                throw new AssertionError("the upstream read \"" + line + "\" while idling");
            }
            idling = false;
            replies.append(tag).append(" OK Idle done\r\n");
            return;
        }
        if (firstLine) {
            commands++;
            int sp = line.indexOf(' ');
            if (sp <= 0) {
                throw new AssertionError("the upstream read a line that is no command: \"" + line + "\"");
            }
            tag = line.substring(0, sp);
            String[] words = line.substring(sp + 1).split(" ", 3);
            String name = words[0].toUpperCase(Locale.ROOT);
            if (name.equals("UID") && words.length > 1) {
                name = "UID " + words[1].toUpperCase(Locale.ROOT);
            }
            if (!ALLOWED.contains(name)) {
                throw new AssertionError("the upstream read a command it must not: \""
                        + new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1) + "\"");
            }
            if (name.equals("IDLE")) {
                idling = true;
                replies.append("+ idling\r\n");
                return;
            }
        }
        long size = literalAtEnd(line);
        if (size < 0) {
            firstLine = true;
            replies.append(tag).append(" OK done\r\n");
            return;
        }
        if (line.endsWith("+}")) {
            throw new AssertionError("the upstream read a non-synchronizing literal: \"" + line + "\"");
        }
        if (refuseLiteral) {
            firstLine = true; // a command refused before its literal: what follows is read as commands
            replies.append(tag).append(" BAD refused before the literal\r\n");
        } else {
            firstLine = false;
            literal = size;
            replies.append("+ go\r\n");
        }
    }

    /** The size of a literal announced at the end of {@code line} ({@code {n}} or {@code {n+}}), else -1. */
    private static long literalAtEnd(String line) {
        Matcher literal = LITERAL.matcher(line);
        return literal.find() ? Long.parseLong(literal.group(1)) : -1;
    }
}
