package dev.postern.core.upstream.sasl;

import dev.postern.core.upstream.UpstreamCredential;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Which mechanism Postern logs in upstream with, from the kind of credential and what the server
 * offers. Each kind has its mechanisms, best first:
 * <ul>
 *   <li>{@link UpstreamCredential.MasterUser}: PLAIN with authzid = the user, authcid = the master
 *       user, tried even when the server does not announce it: no other mechanism carries an
 *       authorization identity, and the server's refusal is the clearer error;</li>
 *   <li>{@link UpstreamCredential.UserPassword}: PLAIN with an empty authzid, then LOGIN, each only
 *       when the server offers it.</li>
 * </ul>
 * The credential is read through {@link UpstreamCredential#match}, so a new kind of credential
 * does not compile until it has its mechanisms here.
 *
 * <p>No credential kind uses XOAUTH2 or OAUTHBEARER yet (the configuration refuses
 * {@code upstream-auth.mode: xoauth2}); {@link SaslClient} has them, tested, for the bearer-token
 * credential that will.
 */
public final class SaslChoice {

    private SaslChoice() {
    }

    /**
     * The credential's first mechanism that {@code offered} accepts (or that is tried regardless),
     * ready to log in as {@code user}; empty when the server offers none of them.
     *
     * @throws IllegalArgumentException when the chosen mechanism cannot carry the user or the
     *                                  secret (see {@link SaslClient}); the message shows neither
     *
     * @param offered what the server offers, in the protocol's terms (IMAP {@code AUTH=}
     *                capabilities, the SMTP {@code AUTH} extension)
     */
    public static Optional<SaslClient> choose(String user, UpstreamCredential credential, Predicate<SaslMechanism> offered) {
        for (Candidate candidate : candidates(user, credential)) {
            if (candidate.evenUnannounced() || offered.test(candidate.mechanism())) {
                return Optional.of(candidate.client().get());
            }
        }
        return Optional.empty();
    }

    /** The credential's best mechanism whatever the server offers, to log in as {@code user}. */
    public static SaslClient first(String user, UpstreamCredential credential) {
        return candidates(user, credential).get(0).client().get();
    }

    private static List<Candidate> candidates(String user, UpstreamCredential credential) {
        return credential.match(new UpstreamCredential.Cases<>() {
            @Override
            public List<Candidate> masterUser(UpstreamCredential.MasterUser master) {
                return List.of(new Candidate(SaslMechanism.PLAIN, true,
                        () -> SaslClient.plain(user, master.masterUser(), master.masterPassword())));
            }

            @Override
            public List<Candidate> userPassword(UpstreamCredential.UserPassword own) {
                return List.of(new Candidate(SaslMechanism.PLAIN, false, () -> SaslClient.plain("", user, own.password())),
                        new Candidate(SaslMechanism.LOGIN, false, () -> SaslClient.login(user, own.password())));
            }
        });
    }

    /** A mechanism, whether it is tried when the server does not announce it, and its client if chosen. */
    private record Candidate(SaslMechanism mechanism, boolean evenUnannounced, Supplier<SaslClient> client) {
    }
}
