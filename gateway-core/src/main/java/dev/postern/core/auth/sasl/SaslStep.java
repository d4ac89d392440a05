package dev.postern.core.auth.sasl;

import dev.postern.core.auth.LoginRequest;
import java.util.Objects;

/**
 * What a protocol front does next in a {@link SaslExchange}, in its own words: IMAP answers with
 * {@code + } continuations and tagged {@code OK}/{@code NO}/{@code BAD}, SMTP with {@code 334} and
 * its {@code 5xx} codes.
 */
public sealed interface SaslStep
        permits SaslStep.Challenge, SaslStep.Complete, SaslStep.Cancelled, SaslStep.Malformed, SaslStep.UnknownMechanism {

    /**
     * Send {@code challenge} (base64, empty for PLAIN's empty challenge) and hand the client's next
     * line to {@code exchange}.
     */
    record Challenge(String challenge, SaslExchange exchange) implements SaslStep {
        public Challenge {
            Objects.requireNonNull(challenge, "challenge");
            Objects.requireNonNull(exchange, "exchange");
        }
    }

    /** The client presented a well-formed credential: check it. {@code request} hides its password. */
    record Complete(LoginRequest request) implements SaslStep {
        public Complete {
            Objects.requireNonNull(request, "request");
        }
    }

    /** The client answered a challenge with {@code *} (RFC 4959 §3, RFC 4954 §4). */
    record Cancelled() implements SaslStep {
    }

    /**
     * The response is not acceptable (not strict base64, over a bound, wrong fields): a syntax error.
     * {@code reason} names the field and what was expected, never the payload.
     */
    record Malformed(String reason) implements SaslStep {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The client asked for a mechanism Postern does not offer (only PLAIN and LOGIN are). */
    record UnknownMechanism() implements SaslStep {
    }
}
