package dev.postern.smtp.restrict;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lax stand-in for the upstream in the fuzz runs, the kind of server SMTP smuggling works against:
 * it ends a line at CRLF, at a bare LF and at a bare CR, drops NULs, and ends a DATA body at any line
 * that is then only a dot. It fails the run as soon as it would run a {@code MAIL FROM} with a sender
 * outside the app password's send-as list (read its own lax way), a command Postern must never pass,
 * or a {@code BDAT} it cannot count (or any BDAT when it did not offer CHUNKING). It answers every
 * command at once: DATA with 354 or, when told to, 554; each BDAT after its chunk.
 */
final class LaxUpstream {

    private static final Pattern BDAT = Pattern.compile("BDAT ([0-9]{1,18})( LAST)?", Pattern.CASE_INSENSITIVE);
    private static final Set<String> NEVER = Set.of("STARTTLS", "TURN", "ATRN", "XEXCH50", "SEND", "SOML", "SAML");

    private final Set<String> senders;
    private final boolean chunking;
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder replies = new StringBuilder();
    private boolean inBody;
    private long chunkLeft;
    private boolean lastWasCr;
    private int mails;

    /** @param senders the allowed senders, lower case */
    LaxUpstream(Set<String> senders, boolean chunking) {
        this.senders = senders;
        this.chunking = chunking;
    }

    /** Takes what the filter passed on; returns what the model answers (possibly nothing). */
    String read(String forwarded, boolean refuseData) {
        for (int i = 0; i < forwarded.length(); i++) {
            char c = forwarded.charAt(i);
            if (chunkLeft > 0) {
                if (--chunkLeft == 0) {
                    replies.append("250 2.0.0 chunk\r\n");
                }
                continue;
            }
            if (lastWasCr) {
                lastWasCr = false;
                line(refuseData); // CRLF, or a bare CR: either ends the line
                if (c == '\n') {
                    continue;
                }
                if (chunkLeft > 0) { // a chunk announced by a line ended with a bare CR starts here
                    i--;
                    continue;
                }
            }
            if (c == '\r') {
                lastWasCr = true;
            } else if (c == '\n') {
                line(refuseData);
            } else if (c != 0) {
                line.append(c);
            }
        }
        String out = replies.toString();
        replies.setLength(0);
        return out;
    }

    /** How many MAIL FROM commands the model ran. */
    int mails() {
        return mails;
    }

    private void line(boolean refuseData) {
        String text = line.toString();
        line.setLength(0);
        if (inBody) {
            if (text.equals(".")) {
                inBody = false;
                replies.append("250 2.0.0 queued\r\n");
            }
            return;
        }
        String trimmed = text.strip();
        String verb = trimmed.split("[ \t:]", 2)[0].toUpperCase(Locale.ROOT);
        if (NEVER.contains(verb)) {
            throw new AssertionError("the upstream read a command it must never read: \"" + text + "\"");
        }
        if (verb.startsWith("MAIL")) {
            mail(text);
        } else if (verb.equals("DATA")) {
            if (refuseData) {
                replies.append("554 5.5.1 no valid recipients\r\n");
            } else {
                inBody = true;
                replies.append("354 go ahead\r\n");
            }
        } else if (verb.equals("BDAT")) {
            Matcher bdat = BDAT.matcher(text);
            if (!chunking || !bdat.matches()) {
                throw new AssertionError("the upstream read a BDAT it cannot count: \"" + text + "\"");
            }
            chunkLeft = Long.parseLong(bdat.group(1));
            if (chunkLeft == 0) {
                replies.append("250 2.0.0 chunk\r\n");
            }
        } else {
            replies.append("250 2.0.0 Ok\r\n");
        }
    }

    private void mail(String text) {
        int from = text.toUpperCase(Locale.ROOT).indexOf("FROM:");
        if (from < 0) {
            replies.append("501 5.5.4 Syntax\r\n");
            return;
        }
        String rest = text.substring(from + 5).strip();
        String address;
        int open = rest.indexOf('<');
        if (open >= 0) {
            int close = rest.indexOf('>', open);
            address = close < 0 ? rest.substring(open + 1) : rest.substring(open + 1, close);
        } else {
            address = rest.split("[ \t]", 2)[0];
        }
        String folded = address.chars().map(ch -> ch >= 'A' && ch <= 'Z' ? ch + 32 : ch)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        if (!senders.isEmpty() && !senders.contains(folded)) {
            throw new AssertionError("the upstream ran MAIL FROM with a sender not allowed: \"" + text + "\"");
        }
        mails++;
        replies.append("250 2.1.0 Ok\r\n");
    }
}
