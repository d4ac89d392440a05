package dev.postern.smtp.restrict;

import dev.postern.core.auth.AuthResult;
import dev.postern.core.relay.RelayStages;
import dev.postern.core.relay.Restrictions;
import dev.postern.core.relay.SendQuota;
import dev.postern.core.relay.SessionRestriction;
import dev.postern.smtp.upstream.SmtpExtensions;
import java.util.Objects;
import java.util.Optional;

/**
 * Limits on sending ({@code --send-as}, {@code --max-messages-per-day}): the session's commands go
 * through a {@link SubmitFilter} and the upstream's replies past a {@link ReplyWatch}; every other
 * SMTP session keeps the zero-parse splice. The client is told nothing new (SMTP clients do not ask
 * for extensions again after AUTH): the extensions it saw before login stay true, CHUNKING and
 * PIPELINING included.
 */
public final class SubmitRestriction implements SessionRestriction {

    private static final String CHUNKING = "CHUNKING";

    private final Senders senders;
    private final QuotaGate quota;

    private SubmitRestriction(Senders senders, QuotaGate quota) {
        this.senders = senders;
        this.quota = quota;
    }

    /**
     * A restriction for each login whose app password limits sending; none for the others.
     *
     * @param protocol the {@code protocol} the quota is asked for (the metric label)
     * @param quota    the gateway's daily message quota
     */
    public static Restrictions factory(String protocol, SendQuota quota) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(quota, "quota");
        return login -> login.limits().limitsSending()
                ? Optional.of(forLogin(protocol, quota, login)) : Optional.empty();
    }

    private static SubmitRestriction forLogin(String protocol, SendQuota quota, AuthResult.Success login) {
        return new SubmitRestriction(Senders.of(login.limits().sendersFor(login.user())),
                new QuotaGate(quota, protocol, login.appPasswordId(), login.limits().maxMessagesPerDay()));
    }

    /** SMTP's "capabilities" are the upstream's EHLO extensions, one per line: passed on as they are. */
    @Override
    public String capabilities(String upstreamCapabilities) {
        return upstreamCapabilities;
    }

    @Override
    public RelayStages newStages(String announced) {
        boolean chunking = SmtpExtensions.deserialise(announced).has(CHUNKING);
        ReplyLedger ledger = new ReplyLedger();
        SubmitFilter filter = new SubmitFilter(ledger, senders, quota, chunking, SubmitFilter.MAX_LINE);
        return new RelayStages(filter, new ReplyWatch(ledger, filter, quota::accepted));
    }
}
