package dev.postern.server.cli;

import dev.postern.core.account.AccountService;
import dev.postern.core.identity.UserNames;
import dev.postern.core.store.Scope;
import java.time.Duration;
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

    /** Checks the user name and label before anything is opened; a bad one is a usage error. */
    void validate() {
        UserNames.require(user);
        AccountService.requireLabel(label);
    }
}
