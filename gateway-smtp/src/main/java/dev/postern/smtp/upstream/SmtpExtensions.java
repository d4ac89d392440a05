package dev.postern.smtp.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The EHLO extensions of an upstream (keyword and parameters, e.g. {@code SIZE 35882577}), and
 * which of them Postern may advertise to its own clients.
 *
 * <p>SMTP clients do not re-issue EHLO after AUTH, so Postern's pre-login EHLO must already promise
 * only what the upstream will honour once the session is relayed. Only {@link #RELAYABLE} keywords
 * pass; {@code AUTH}, {@code STARTTLS}, {@code XCLIENT}, {@code XFORWARD} and the rest concern the
 * leg between Postern and the upstream and are never echoed.
 */
public record SmtpExtensions(List<String> lines) {

    /** Keywords passed on to clients when, and only when, the upstream has them. */
    public static final Set<String> RELAYABLE =
            Set.of("SIZE", "8BITMIME", "SMTPUTF8", "PIPELINING", "ENHANCEDSTATUSCODES", "CHUNKING", "DSN");

    public static final SmtpExtensions NONE = new SmtpExtensions(List.of());

    public SmtpExtensions {
        lines = List.copyOf(lines);
    }

    /** The extensions of an EHLO reply: every line after the first (which names the server). */
    static SmtpExtensions fromEhlo(SmtpReply reply) {
        return new SmtpExtensions(reply.lines().size() <= 1 ? List.of() : reply.lines().subList(1, reply.lines().size()));
    }

    /** Whether the upstream has the keyword (case-insensitive). */
    public boolean has(String keyword) {
        return lines.stream().anyMatch(line -> keyword(line).equals(keyword.toUpperCase(Locale.ROOT)));
    }

    /** The upstream's SASL mechanisms from its {@code AUTH} line, upper case. */
    List<String> authMechanisms() {
        List<String> mechanisms = new ArrayList<>();
        for (String line : lines) {
            String[] words = line.trim().toUpperCase(Locale.ROOT).split(" +");
            if (words[0].equals("AUTH") || words[0].startsWith("AUTH=")) {
                for (int i = words[0].equals("AUTH") ? 1 : 0; i < words.length; i++) {
                    mechanisms.add(words[i].startsWith("AUTH=") ? words[i].substring(5) : words[i]);
                }
            }
        }
        return mechanisms;
    }

    /** What Postern's own EHLO may list: the relayable lines, in the upstream's order, printable ASCII only. */
    public List<String> forClients() {
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            if (RELAYABLE.contains(keyword(line)) && line.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                kept.add(line.trim().replaceAll(" +", " "));
            }
        }
        return kept;
    }

    private static String keyword(String line) {
        String trimmed = line.trim();
        int space = trimmed.indexOf(' ');
        return (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    /** One extension per line, as carried in {@code UpstreamSession.capabilities()}. */
    String serialise() {
        return String.join("\n", lines);
    }

    /** The extensions carried in {@code UpstreamSession.capabilities()}, as {@link #serialise()} wrote them. */
    public static SmtpExtensions deserialise(String text) {
        return text.isEmpty() ? NONE : new SmtpExtensions(List.of(text.split("\n")));
    }
}
