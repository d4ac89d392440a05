package dev.postern.smtp.restrict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.auth.AuthResult;
import dev.postern.core.net.Cidr;
import dev.postern.core.relay.RelayStages;
import dev.postern.core.relay.Restrictions;
import dev.postern.core.relay.SendQuota;
import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which SMTP sessions get the send-as filter: only those of app passwords that limit sending. */
class SubmitRestrictionTest {

    private static final Restrictions RESTRICTIONS = SubmitRestriction.factory("smtp", SendQuota.UNLIMITED);

    @Test
    void shouldLeaveAnAppPasswordWithoutLimitsOnTheZeroParseSplice() {
        assertThat(RESTRICTIONS.forLogin(login(Limits.NONE))).isEmpty();
    }

    @Test
    void shouldLeaveAnAppPasswordLimitedOnlyBySourceOnTheZeroParseSplice() {
        Limits fromOffice = new Limits(List.of(), List.of(Cidr.parse("192.0.2.0/24")), 0);

        assertThat(RESTRICTIONS.forLogin(login(fromOffice))).isEmpty();
    }

    @Test
    void shouldFilterAnAppPasswordWithSendAsOrAQuota() {
        assertThat(RESTRICTIONS.forLogin(login(new Limits(List.of(Limits.SELF), List.of(), 0)))).isPresent();
        assertThat(RESTRICTIONS.forLogin(login(new Limits(List.of(), List.of(), 10)))).isPresent();
    }

    @Test
    void shouldTellTheClientTheUpstreamsExtensionsUnchangedAndMakeNewStagesPerSession() {
        SubmitRestriction restriction = (SubmitRestriction) RESTRICTIONS
                .forLogin(login(new Limits(List.of(Limits.SELF), List.of(), 0))).orElseThrow();

        assertThat(restriction.capabilities("PIPELINING\nCHUNKING")).isEqualTo("PIPELINING\nCHUNKING");
        RelayStages first = restriction.newStages("PIPELINING\nCHUNKING");
        RelayStages second = restriction.newStages("PIPELINING\nCHUNKING");
        assertThat(first.fromClient()).isInstanceOf(SubmitFilter.class).isNotSameAs(second.fromClient());
        assertThat(first.fromUpstream()).isInstanceOf(ReplyWatch.class).isNotSameAs(second.fromUpstream());
    }

    private static AuthResult.Success login(Limits limits) {
        return new AuthResult.Success("me@example.com", "ap-1", Set.of(Scope.SMTP), limits);
    }
}
