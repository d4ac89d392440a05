package dev.postern.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.core.config.Durations;
import dev.postern.core.net.Cidr;
import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The body of {@code POST /api/v1/users/{user}/app-passwords}: {@code label} (required), {@code scopes}
 * (default {@code ["imap","smtp"]}), {@code expires} (a duration such as {@code "90d"}, or an instant
 * such as {@code "2027-01-01T00:00:00Z"}; none by default), and the limits {@code send_as},
 * {@code allow_from}, {@code max_messages_per_day}, as on the command line.
 */
record NewAppPassword(String label, Set<Scope> scopes, Duration expiresIn, Limits limits) {

    static final List<String> FIELDS = List.of("label", "scopes", "expires", "send_as", "allow_from",
            "max_messages_per_day");
    static final long MAX_DAYS = 3650;
    static final int MAX_MESSAGES_PER_DAY = 1_000_000;

    static NewAppPassword from(ObjectNode body, Instant now) {
        String label = AdminApi.text(body, "label", true);
        Set<Scope> scopes = body.hasNonNull("scopes") ? EnumSet.copyOf(
                nonEmpty(strings(body, "scopes", Scope::parse), "scopes")) : EnumSet.of(Scope.IMAP, Scope.SMTP);
        Duration expiresIn = expires(AdminApi.text(body, "expires", false), now);
        List<String> sendAs = body.hasNonNull("send_as") ? strings(body, "send_as", Limits::sendAsAddress) : List.of();
        List<Cidr> allowFrom = body.hasNonNull("allow_from") ? strings(body, "allow_from", Cidr::parse) : List.of();
        int perDay = 0;
        JsonNode quota = body.get("max_messages_per_day");
        if (quota != null && !quota.isNull()) {
            if (!quota.canConvertToInt() || !quota.isIntegralNumber() || quota.asInt() < 1
                    || quota.asInt() > MAX_MESSAGES_PER_DAY) {
                throw Problem.badRequest("max_messages_per_day: " + quota + " (expected a number from 1 to "
                        + MAX_MESSAGES_PER_DAY + ", or null for no quota)");
            }
            perDay = quota.asInt();
        }
        try {
            return new NewAppPassword(label, scopes, expiresIn, new Limits(sendAs, allowFrom, perDay));
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        }
    }

    private static Duration expires(String text, Instant now) {
        if (text == null) {
            return null;
        }
        Duration duration;
        try {
            duration = text.contains("T") ? Duration.between(now, Instant.parse(text)) : Durations.parse(text);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw Problem.badRequest("expires: \"" + text + "\" (expected a duration such as \"90d\" or an instant such as"
                    + " \"2027-01-01T00:00:00Z\")");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw Problem.badRequest("expires: \"" + text + "\" (expected from 1ms to " + MAX_DAYS + "d from now)");
        }
        return duration;
    }

    private static <T> List<T> strings(ObjectNode body, String field, Function<String, T> parse) {
        JsonNode array = body.get(field);
        if (!array.isArray() || array.size() > Limits.MAX_ENTRIES) {
            throw Problem.badRequest(field + ": expected an array of at most " + Limits.MAX_ENTRIES + " strings");
        }
        List<T> values = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                throw Problem.badRequest(field + ": expected an array of strings");
            }
            try {
                values.add(parse.apply(item.asText()));
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest(field + ": " + e.getMessage());
            }
        }
        return values;
    }

    private static <T> List<T> nonEmpty(List<T> values, String field) {
        if (values.isEmpty()) {
            throw Problem.badRequest(field + ": empty (expected one or more of imap, imap-read, smtp, pop3)");
        }
        return values;
    }
}
