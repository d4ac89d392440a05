package dev.postern.imap.readonly;

import dev.postern.core.relay.RelayStages;
import dev.postern.core.relay.Restrictions;
import dev.postern.core.relay.SessionRestriction;
import dev.postern.core.store.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Read-only IMAP (scope {@code imap-read}): the session's commands go through a {@link ReadOnlyFilter}
 * and the upstream's replies past a {@link ReplyWatch}; every other IMAP session keeps the
 * zero-parse splice.
 *
 * <p>The client is told the upstream's capabilities without {@code COMPRESS=} (compressed commands
 * could not be filtered; {@code COMPRESS} is refused anyway) and without {@code LITERAL+} and
 * {@code LITERAL-} (a non-synchronizing literal could reach the upstream in a command it refused
 * before reading the literal; the filter lets a literal through only once the upstream asked for it).
 * {@code CAPABILITY} is then answered by Postern with that same list.
 */
public final class ReadOnlyRestriction implements SessionRestriction {

    /** Read-only for an app password with {@code imap-read} (and not {@code imap}); none otherwise. */
    public static final Restrictions BY_SCOPE = login ->
            login.scopes().contains(Scope.IMAP_READ) && !login.scopes().contains(Scope.IMAP)
                    ? Optional.of(new ReadOnlyRestriction()) : Optional.empty(); // stateless: cheap

    @Override
    public String capabilities(String upstreamCapabilities) {
        List<String> kept = new ArrayList<>();
        for (String name : upstreamCapabilities.trim().split(" +")) {
            String upper = name.toUpperCase(Locale.ROOT);
            if (!name.isEmpty() && !upper.startsWith("COMPRESS=") && !upper.equals("LITERAL+")
                    && !upper.equals("LITERAL-")) {
                kept.add(name);
            }
        }
        return String.join(" ", kept);
    }

    @Override
    public RelayStages newStages(String announced) {
        CommandLedger ledger = new CommandLedger();
        ReadOnlyFilter filter = new ReadOnlyFilter(ledger, announced, ReadOnlyFilter.MAX_LINE);
        return new RelayStages(filter, new ReplyWatch(ledger, filter));
    }
}
