package dev.postern.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The read-only checks that run against every upstream (GreenMail, Dovecot): one user with a full
 * and a read-only ({@code imap-read}) app password, both through Postern. The mailbox is seeded and
 * then looked at through the full one ({@link #mailbox}: messages with their flags, folders,
 * subscriptions, read with EXAMINE so that looking changes nothing); the read-only one tries every
 * command that changes a mailbox, whole, split over several writes, pipelined behind allowed ones,
 * and with both kinds of literal, and fetches a message whole. Public for the interop ITs.
 */
public final class ReadOnlyScenario {

    /** Opens a new connection to Postern (TLS verified); the greeting has been read. */
    @FunctionalInterface
    public interface Connector {
        RawImapClient connect() throws IOException;
    }

    /** Commands that change a mailbox (or are unknown), each sent while INBOX is selected. */
    public static final List<String> REFUSED = List.of(
            "STORE 1 +FLAGS (\\Seen \\Deleted)", "UID STORE 1:* +FLAGS (\\Flagged)", "COPY 1 Keep",
            "UID COPY 1:* Keep", "MOVE 1 Keep", "UID MOVE 1:* Keep", "EXPUNGE", "UID EXPUNGE 1:*", "CREATE Made",
            "DELETE Keep", "RENAME Keep Renamed", "SUBSCRIBE Keep", "UNSUBSCRIBE INBOX", "SETACL Keep anyone lr",
            "DELETEACL Keep anyone", "SETMETADATA INBOX (/private/comment \"x\")", "SETQUOTA \"\" (STORAGE 1)",
            "COMPRESS DEFLATE", "XPOSTERNUNKNOWN", "store 1 flags.silent (\\Answered)");

    private static final String NOPERM = " NO [NOPERM] ";

    private final Connector connector;
    private final String user;
    private final String fullPassword;
    private final String readOnlyPassword;

    public ReadOnlyScenario(Connector connector, String user, String fullPassword, String readOnlyPassword) {
        this.connector = connector;
        this.user = user;
        this.fullPassword = fullPassword;
        this.readOnlyPassword = readOnlyPassword;
    }

    /** Two unseen messages in INBOX, a folder {@code Keep}, INBOX subscribed; through the full app password. */
    public void seed() throws IOException {
        try (RawImapClient full = login(fullPassword)) {
            append(full, "s1", message("first"));
            append(full, "s2", message("second"));
            assertThat(full.command("s3", "CREATE Keep")).last().asString().startsWith("s3 OK");
            assertThat(full.command("s4", "SUBSCRIBE INBOX")).last().asString().startsWith("s4 OK");
        }
    }

    /** What the full app password sees: INBOX's messages with their flags, the folders and subscriptions. */
    public List<String> mailbox() throws IOException {
        try (RawImapClient full = login(fullPassword)) {
            List<String> seen = new ArrayList<>();
            seen.addAll(untagged(full.command("m1", "EXAMINE INBOX"), "EXISTS"));
            seen.addAll(untagged(full.command("m2", "UID FETCH 1:* (FLAGS)"), "FETCH"));
            seen.addAll(sorted(untagged(full.command("m3", "LIST \"\" \"*\""), "LIST")));
            seen.addAll(sorted(untagged(full.command("m4", "LSUB \"\" \"*\""), "LSUB")));
            seen.addAll(untagged(full.command("m5", "EXAMINE Keep"), "EXISTS"));
            return seen;
        }
    }

    /** Every refusal a read-only session must hear; the caller compares {@link #mailbox} before and after. */
    public void tryEveryChange() throws IOException {
        try (RawImapClient readOnly = login(readOnlyPassword)) {
            assertThat(readOnly.command("r0", "SELECT INBOX")).last().asString()
                    .startsWith("r0 OK [READ-ONLY]");
            int n = 1;
            for (String command : REFUSED) {
                String tag = "r" + n++;
                assertThat(readOnly.command(tag, command)).as(command).last().asString().startsWith(tag + NOPERM);
            }
            splitAcrossWrites(readOnly);
            pipelined(readOnly);
            literals(readOnly);
            assertThat(readOnly.command("r9", "UID FETCH 1:* (FLAGS)")).last().asString().startsWith("r9 OK");
            assertThat(readOnly.command("r10", "CLOSE")).last().asString().startsWith("r10 OK");
        }
    }

    /** The read-only session fetches message 1 whole, idles, and reads what a client reads. */
    public void readWithoutSideEffects() throws IOException {
        try (RawImapClient readOnly = login(readOnlyPassword)) {
            List<String> capability = readOnly.command("c1", "CAPABILITY");
            assertThat(capability.get(0)).startsWith("* CAPABILITY ").doesNotContain("COMPRESS=")
                    .doesNotContain("LITERAL+");
            assertThat(readOnly.command("c2", "SELECT INBOX")).last().asString().startsWith("c2 OK [READ-ONLY]");
            List<String> fetch = readOnly.command("c3", "FETCH 1 BODY[]");
            assertThat(fetch).last().asString().startsWith("c3 OK");
            assertThat(fetch).anyMatch(line -> line.startsWith("Subject: Postern read-only first"));
            assertThat(readOnly.command("c4", "UID SEARCH ALL")).first().asString().startsWith("* SEARCH");
            assertThat(readOnly.command("c5", "STATUS Keep (MESSAGES)")).last().asString().startsWith("c5 OK");
            readOnly.sendLine("c6 IDLE");
            assertThat(readOnly.readLine()).startsWith("+");
            readOnly.sendLine("DONE");
            assertThat(readOnly.readUntilTagged("c6")).last().asString().startsWith("c6 OK");
            assertThat(readOnly.command("c7", "LOGOUT")).last().asString().startsWith("c7 OK");
        }
    }

    private void splitAcrossWrites(RawImapClient readOnly) throws IOException {
        readOnly.write("w1 ST");
        readOnly.write("ORE 1 +FL");
        readOnly.write("AGS (\\Deleted)\r");
        readOnly.write("\n");
        assertThat(readOnly.readUntilTagged("w1")).last().asString().startsWith("w1" + NOPERM);
        readOnly.write("w2 FET");
        readOnly.write("CH 1 (FLAGS)\r\n");
        assertThat(readOnly.readUntilTagged("w2")).last().asString().startsWith("w2 OK");
    }

    private void pipelined(RawImapClient readOnly) throws IOException {
        readOnly.write("p1 FETCH 1:* (FLAGS)\r\np2 STORE 1 +FLAGS (\\Deleted)\r\np3 UID FETCH 1:* (UID)\r\n"
                + "p4 EXPUNGE\r\np5 COPY 1:* Keep\r\np6 NOOP\r\n");
        List<String> lines = new ArrayList<>();
        for (String tag : List.of("p1", "p2", "p3", "p4", "p5", "p6")) {
            if (lines.stream().noneMatch(line -> line.startsWith(tag + " "))) {
                lines.addAll(readOnly.readUntilTagged(tag));
            }
        }
        assertThat(tagged(lines, "p1")).startsWith("p1 OK");
        assertThat(tagged(lines, "p2")).startsWith("p2" + NOPERM);
        assertThat(tagged(lines, "p4")).startsWith("p4" + NOPERM);
        assertThat(tagged(lines, "p5")).startsWith("p5" + NOPERM);
        assertThat(tagged(lines, "p6")).startsWith("p6 OK");
        // a refusal comes after the replies to every command sent before it
        assertThat(index(lines, "p2")).isGreaterThan(index(lines, "p1"));
        assertThat(index(lines, "p4")).isGreaterThan(index(lines, "p3"));
        assertThat(index(lines, "p5")).isGreaterThan(index(lines, "p3"));
    }

    private void literals(RawImapClient readOnly) throws IOException {
        byte[] message = message("appended");
        // synchronizing: refused at once, no "+" (the client then sends no literal)
        readOnly.write("l1 APPEND INBOX {" + message.length + "}\r\n");
        assertThat(readOnly.readLine()).startsWith("l1" + NOPERM);
        assertThat(readOnly.command("l2", "NOOP")).last().asString().startsWith("l2 OK");
        // non-synchronizing: the literal is read and dropped, the stream stays in step
        readOnly.write("l3 APPEND INBOX (\\Seen) {" + message.length + "+}\r\n");
        readOnly.write(message);
        readOnly.write("\r\nl4 NOOP\r\n");
        assertThat(readOnly.readUntilTagged("l3")).last().asString().startsWith("l3" + NOPERM);
        assertThat(readOnly.readUntilTagged("l4")).last().asString().startsWith("l4 OK");
    }

    private RawImapClient login(String password) throws IOException {
        RawImapClient client = connector.connect();
        try {
            List<String> reply = client.command("a", "LOGIN \"" + user + "\" \"" + password + "\"");
            assertThat(reply).last().asString().startsWith("a OK");
            if (password.equals(readOnlyPassword)) {
                assertThat(reply.get(reply.size() - 1)).doesNotContain("COMPRESS=").doesNotContain("LITERAL+");
            }
            return client;
        } catch (IOException | RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
    }

    private static void append(RawImapClient client, String tag, byte[] message) throws IOException {
        client.sendLine(tag + " APPEND INBOX {" + message.length + "}");
        assertThat(client.readLine()).startsWith("+");
        client.write(message);
        client.write("\r\n");
        assertThat(client.readUntilTagged(tag)).last().asString().startsWith(tag + " OK");
    }

    static byte[] message(String marker) {
        return ("From: sender@example.test\r\n"
                + "To: reader@example.test\r\n"
                + "Subject: Postern read-only " + marker + "\r\n"
                + "Message-ID: <" + marker + "@read-only.postern.test>\r\n"
                + "\r\n"
                + "The body of " + marker + ".\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> untagged(List<String> lines, String kind) {
        assertThat(lines).last().asString().contains(" OK");
        return lines.stream().filter(line -> line.startsWith("* ") && line.contains(kind)).toList();
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    private static String tagged(List<String> lines, String tag) {
        return lines.get(index(lines, tag));
    }

    private static int index(List<String> lines, String tag) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(tag + " ")) {
                return i;
            }
        }
        throw new AssertionError("no tagged reply for " + tag + " in " + lines);
    }
}
