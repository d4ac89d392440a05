package dev.postern.server.cli;

import dev.postern.core.account.AccountService;
import dev.postern.core.identity.UserNames;
import dev.postern.core.net.Cidr;
import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The options of a new app password, shared by {@code app-passwords create} and {@code import}. */
public final class NewAppPasswordOptions {

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "USER",
            description = "Whose app password this is; an unknown user is added.")
    String user;

    @Option(names = {"-l", "--label"}, required = true, paramLabel = "LABEL",
            description = "What it is for, e.g. \"laptop Thunderbird\"; unique among the user's active app passwords.")
    String label;

    @Option(names = {"-s", "--scopes"}, paramLabel = "SCOPES", defaultValue = "imap,smtp",
            converter = ScopesConverter.class,
            description = "Comma-separated protocols it may be used for: imap, imap-read (IMAP that cannot change the mailbox;"
                    + " instead of imap), smtp, pop3 (default: ${DEFAULT-VALUE}).")
    Set<Scope> scopes;

    @Option(names = {"-e", "--expires-in"}, paramLabel = "DURATION", converter = ExpiresInConverter.class,
            description = "Expire after this long, e.g. 90d, 12h (default: never).")
    Duration expiresIn;

    @Option(names = "--send-as", paramLabel = "ADDRESS",
            description = "Over SMTP, send only as this address (repeatable; \"self\" is the user's own address):"
                    + " any other MAIL FROM is refused with 550 5.7.1 (default: any sender).")
    List<String> sendAs = new ArrayList<>();

    @Option(names = "--allow-from", paramLabel = "CIDR",
            description = "Log in only from this network, e.g. 192.0.2.0/24 or 2001:db8::/48 (repeatable; the client's"
                    + " real address, through the PROXY protocol where a balancer is in front; default: anywhere).")
    List<String> allowFrom = new ArrayList<>();

    @Option(names = "--max-messages-per-day", paramLabel = "N",
            description = "Over SMTP, at most N messages a day (UTC), counted for all gateways on the store; beyond it"
                    + " MAIL FROM is refused with 452 4.7.1 (default: no quota).")
    Integer maxMessagesPerDay;

    /** Checks the user name, label and limits before anything is opened; a bad one is a usage error. */
    void validate() {
        UserNames.require(user);
        AccountService.requireLabel(label);
        limits();
    }

    /**
     * The limits the options ask for.
     *
     * @throws IllegalArgumentException naming the option, the value and what was expected
     */
    Limits limits() {
        List<String> senders = new ArrayList<>();
        for (String value : sendAs) {
            try {
                senders.add(Limits.sendAsAddress(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--" + e.getMessage(), e);
            }
        }
        List<Cidr> networks = new ArrayList<>();
        for (String value : allowFrom) {
            try {
                networks.add(Cidr.parse(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--allow-from " + e.getMessage(), e);
            }
        }
        int perDay = 0;
        if (maxMessagesPerDay != null) {
            if (maxMessagesPerDay < 1 || maxMessagesPerDay > MAX_MESSAGES_PER_DAY) {
                throw new IllegalArgumentException("--max-messages-per-day " + maxMessagesPerDay
                        + " (expected a number from 1 to " + MAX_MESSAGES_PER_DAY + ")");
            }
            perDay = maxMessagesPerDay;
        }
        try {
            return new Limits(senders, networks, perDay);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--send-as/--allow-from: " + e.getMessage(), e);
        }
    }

    /** The largest quota {@code --max-messages-per-day} takes. */
    static final int MAX_MESSAGES_PER_DAY = 1_000_000;
}
