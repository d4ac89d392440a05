package dev.postern.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.testing.DovecotServer;
import dev.postern.core.testing.ImapTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Looks at a user's mailbox on the Dovecot side, without Postern: a direct login as the user, the
 * Maildir on disk, and Dovecot's log.
 */
final class DovecotMailbox {

    private static final Duration LOG_WAIT = Duration.ofSeconds(5);
    private static final Duration LOG_POLL = Duration.ofMillis(50);

    private DovecotMailbox() {
    }

    /** Logs in to Dovecot directly as {@code user} and returns the UIDs whose Message-ID is {@code messageId}. */
    static List<String> uidsWithMessageId(DovecotServer dovecot, String user, String password, String messageId)
            throws IOException {
        try (ImapTestClient client = ImapTestClient.connect(dovecot.imapPort())) {
            assertThat(last(client.command("d1", "LOGIN " + user + " " + password))).startsWith("d1 OK");
            assertThat(last(client.command("d2", "EXAMINE INBOX"))).startsWith("d2 OK");
            List<String> search = client.command("d3", "UID SEARCH HEADER Message-ID \"" + messageId + "\"");
            assertThat(last(search)).startsWith("d3 OK");
            String found = search.stream().filter(line -> line.startsWith("* SEARCH")).findFirst().orElseThrow();
            return Stream.of(found.substring("* SEARCH".length()).trim().split(" +"))
                    .filter(uid -> !uid.isEmpty()).toList();
        }
    }

    /**
     * The message files in {@code user}'s Maildir (new/ and cur/ of INBOX), as stored: Dovecot
     * saves with LF line endings ({@code mail_save_crlf = no}).
     */
    static List<byte[]> storedMessages(DovecotServer dovecot, String user) throws IOException {
        Path root = dovecot.mailDir(user);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Stream.concat(list(root.resolve("new")), list(root.resolve("cur")))) {
            return files.filter(Files::isRegularFile).map(DovecotMailbox::read).toList();
        }
    }

    /** The message as Dovecot stores it in a Maildir: CRLF written as LF. */
    static byte[] asStored(byte[] rfc822) {
        return new String(rfc822, StandardCharsets.ISO_8859_1).replace("\r\n", "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The first line of Dovecot's log matching {@code wanted}, waiting up to 5 s: Dovecot's log
     * process writes asynchronously, and bounded polling is the only way to see an external file grow.
     */
    static String awaitLogLine(DovecotServer dovecot, Predicate<String> wanted) throws IOException, InterruptedException {
        return awaitLogLine(dovecot, 0, wanted);
    }

    /**
     * As {@link #awaitLogLine(DovecotServer, Predicate)}, among the lines written after the first {@code from}
     * characters of the log (its length when a test began: lines of earlier tests of a shared Dovecot are not its own).
     */
    static String awaitLogLine(DovecotServer dovecot, int from, Predicate<String> wanted)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LOG_WAIT.toNanos();
        while (true) {
            for (String line : dovecot.log().substring(from).split("\n")) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("Dovecot log " + dovecot.logFile() + ": no matching line within " + LOG_WAIT
                        + "; log so far:\n" + dovecot.log());
            }
            Thread.sleep(LOG_POLL.toMillis());
        }
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.isDirectory(dir) ? Files.list(dir) : Stream.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }
}
