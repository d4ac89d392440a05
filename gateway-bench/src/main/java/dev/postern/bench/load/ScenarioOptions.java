package dev.postern.bench.load;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Options shared by every scenario; each scenario reads the ones it needs. */
final class ScenarioOptions {

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long each measured run lasts (logins, fetch, noop, submit) or IDLE is held (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "2s", converter = DurationConverter.class,
            description = "Unmeasured run before each measured one (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients for logins and submit (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--sessions", defaultValue = "1000", description = "IDLE sessions to hold (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--open-concurrency", defaultValue = "32",
            description = "IDLE sessions being opened at once (default: ${DEFAULT-VALUE}).")
    int openConcurrency;

    @Option(names = "--message-kib", defaultValue = "4", description = "Size of each submitted message (default: ${DEFAULT-VALUE} KiB).")
    int messageKib;

    @Option(names = "--rcpt", defaultValue = "sink@localhost", description = "Recipient of submitted messages (default: ${DEFAULT-VALUE}).")
    String rcpt;

    @Option(names = "--mailbox", defaultValue = "INBOX", description = "Mailbox that fetch reads and idle selects (default: ${DEFAULT-VALUE}).")
    String mailbox;

    @Option(names = "--fetch-user", description = "Account whose mailbox fetch reads (default: the first --user).")
    String fetchUser;

    @Option(names = "--threads", defaultValue = "2", description = "Event loop threads of the load generator (default: ${DEFAULT-VALUE}).")
    int threads;
}
