package dev.postern.imap.readonly;

import java.util.Set;

/**
 * The allow-list of a read-only session: what happens to each command after login. Anything not
 * named here, known to IMAP or not, is refused; a command that would change the mailbox never
 * reaches the upstream.
 */
final class ReadOnlyCommands {

    /** What the filter does with one command. */
    enum Verdict {
        /** Sent upstream as it is. */
        PASS,
        /** {@code SELECT}: sent upstream as {@code EXAMINE}, so the mailbox is read-only and fetching sets no flag. */
        EXAMINE,
        /** {@code IDLE}: sent upstream; the next line must be {@code DONE}. */
        IDLE,
        /** {@code CAPABILITY}: answered by Postern with the list it announced at login. */
        CAPABILITY,
        /** Refused by Postern with {@code NO [NOPERM]}. */
        REFUSE
    }

    /**
     * Commands that read. {@code CLOSE} is here because every mailbox is selected with {@code EXAMINE}:
     * on a read-only mailbox it expunges nothing (RFC 9051 §6.4.2). {@code FETCH BODY[]} sets no
     * {@code \Seen} there either (§6.4.5).
     */
    private static final Set<String> READING = Set.of("NOOP", "LOGOUT", "CHECK", "CLOSE", "UNSELECT", "EXAMINE",
            "FETCH", "SEARCH", "SORT", "THREAD", "LIST", "LSUB", "STATUS", "NAMESPACE", "ID", "ENABLE", "GETQUOTA",
            "GETQUOTAROOT", "GETACL", "MYRIGHTS", "LISTRIGHTS", "GETMETADATA");
    /** What may follow {@code UID}. */
    private static final Set<String> READING_UID = Set.of("FETCH", "SEARCH", "SORT", "THREAD");

    private ReadOnlyCommands() {
    }

    /**
     * @param name       the command name in upper case
     * @param uidCommand for {@code UID}, the command after it in upper case (else ignored; may be null)
     */
    static Verdict of(String name, String uidCommand) {
        return switch (name) {
            case "SELECT" -> Verdict.EXAMINE;
            case "IDLE" -> Verdict.IDLE;
            case "CAPABILITY" -> Verdict.CAPABILITY;
            case "UID" -> uidCommand != null && READING_UID.contains(uidCommand) ? Verdict.PASS : Verdict.REFUSE;
            default -> READING.contains(name) ? Verdict.PASS : Verdict.REFUSE;
        };
    }
}
