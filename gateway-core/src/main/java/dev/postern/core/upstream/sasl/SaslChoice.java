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
 *       when the server offers it;</li>
 *   <li>{@link UpstreamCredential.Bearer}: the configured mechanism (XOAUTH2 or OAUTHBEARER) tried
 *       whatever the server announces; with {@code auto}, XOAUTH2 if announced, else OAUTHBEARER if
 *       announced, else XOAUTH2 (what Microsoft 365 and Gmail both take).</li>
 * </ul>
 * The credential is read through {@link UpstreamCredential#match}, so a new kind of credential
 * does not compile until it has its mechanisms here.
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
     * @param server  the server Postern connected to (OAUTHBEARER names it)
     * @param offered what the server offers, in the protocol's terms (IMAP {@code AUTH=}
     *                capabilities, the SMTP {@code AUTH} extension)
     */
    public static Optional<SaslClient> choose(String user, Server server, UpstreamCredential credential,
                                              Predicate<SaslMechanism> offered) {
        for (Candidate candidate : candidates(user, server, credential)) {
            if (candidate.evenUnannounced() || offered.test(candidate.mechanism())) {
                return Optional.of(candidate.client().get());
            }
        }
        return Optional.empty();
    }

    /** The credential's best mechanism whatever the server offers, to log in as {@code user}. */
    public static SaslClient first(String user, Server server, UpstreamCredential credential) {
        return candidates(user, server, credential).get(0).client().get();
    }

    private static List<Candidate> candidates(String user, Server server, UpstreamCredential credential) {
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

            @Override
            public List<Candidate> bearer(UpstreamCredential.Bearer bearer) {
                Candidate xoauth2 = new Candidate(SaslMechanism.XOAUTH2, true,
                        () -> SaslClient.xoauth2(user, bearer.token()));
                Candidate oauthBearer = new Candidate(SaslMechanism.OAUTHBEARER, true,
                        () -> SaslClient.oauthBearer(user, server.host(), server.port(), bearer.token()));
                return switch (bearer.mechanism()) {
                    case XOAUTH2 -> List.of(xoauth2);
                    case OAUTHBEARER -> List.of(oauthBearer);
                    case AUTO -> List.of(xoauth2.ifAnnounced(), oauthBearer.ifAnnounced(), xoauth2);
                };
            }
        });
    }

    /** The server Postern logs in to, as OAUTHBEARER names it: the host name connected to and the port. */
    public record Server(String host, int port) {
    }

    /** A mechanism, whether it is tried when the server does not announce it, and its client if chosen. */
    private record Candidate(SaslMechanism mechanism, boolean evenUnannounced, Supplier<SaslClient> client) {

        Candidate ifAnnounced() {
            return new Candidate(mechanism, false, client);
        }
    }
}
