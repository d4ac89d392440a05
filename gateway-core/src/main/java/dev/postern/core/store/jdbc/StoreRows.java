package dev.postern.core.store.jdbc;

import dev.postern.core.net.Cidr;
import dev.postern.core.store.ApiTokenRecord;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import dev.postern.core.store.StoreUnavailableException;
import dev.postern.core.store.UpstreamConnection;
import dev.postern.core.store.UserRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Column lists and row mapping of the store's logical schema, the same in every backend. Instants are
 * stored as epoch milliseconds (sub-millisecond precision is dropped), scopes as {@code imap,smtp}. The
 * app passwords' {@code user} column is quoted: {@code user} is a reserved word in PostgreSQL.
 */
final class StoreRows {
    static final String USER_COLUMNS = "name, created_at, upstream_password IS NOT NULL, connected_at, needs_reconnect_at,"
            + " needs_reconnect_reason, refresh_token IS NOT NULL, suspended_at, credential_version";

    static final String CONNECTION_COLUMNS =
            "refresh_token, refresh_token_version, connected_at, needs_reconnect_at, needs_reconnect_reason";

    static final String APP_PASSWORD_COLUMNS =
            "id, \"user\", label, scopes, hash, lookup_tag, created_at, expires_at, last_used_at, last_used_ip, revoked_at,"
            + " send_as, allow_from, max_messages_per_day";

    /** Placeholders for the {@link #APP_PASSWORD_COLUMNS}. */
    static final String APP_PASSWORD_VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

    static final String API_TOKEN_COLUMNS = "id, label, token_hash, created_at, last_used_at, last_used_ip, revoked_at";

    private StoreRows() {
    }

    static UserRecord user(ResultSet row) throws SQLException {
        Instant connectedAt = instant(row, 4);
        UserRecord.Connection connection = connectedAt == null || !row.getBoolean(7) ? null
                : new UserRecord.Connection(connectedAt, instant(row, 5), row.getString(6));
        return new UserRecord(row.getString(1), Instant.ofEpochMilli(row.getLong(2)), row.getBoolean(3), connection,
                instant(row, 8), row.getLong(9));
    }

    /** The {@link #CONNECTION_COLUMNS} of a row; null when the user never connected. */
    static UpstreamConnection connection(ResultSet row) throws SQLException {
        byte[] sealed = row.getBytes(1);
        Instant connectedAt = instant(row, 3);
        if (sealed == null || connectedAt == null) {
            return null;
        }
        return new UpstreamConnection(sealed, row.getLong(2), connectedAt, instant(row, 4), row.getString(5));
    }

    static AppPasswordRecord appPassword(ResultSet row, String where) throws SQLException {
        String id = row.getString(1);
        String scopes = row.getString(4);
        Set<Scope> parsedScopes;
        try {
            parsedScopes = Scope.parseList(scopes);
        } catch (IllegalArgumentException e) {
            throw new StoreUnavailableException(where + ": app password " + id
                    + " has unreadable scopes \"" + scopes + "\" (expected: a comma-separated list of imap, smtp, pop3)", e);
        }
        Limits limits;
        try {
            limits = new Limits(list(row.getString(12), Limits::sendAsAddress), list(row.getString(13), Cidr::parse),
                    row.getInt(14));
        } catch (IllegalArgumentException e) {
            throw new StoreUnavailableException(where + ": app password " + id + " has unreadable limits ("
                    + e.getMessage() + ")", e);
        }
        return new AppPasswordRecord(id, row.getString(2), row.getString(3), parsedScopes,
                row.getString(5), row.getString(6), Instant.ofEpochMilli(row.getLong(7)), instant(row, 8),
                instant(row, 9), row.getString(10), instant(row, 11), limits);
    }

    private static <T> List<T> list(String joined, Function<String, T> parse) {
        if (joined == null || joined.isEmpty()) {
            return List.of();
        }
        List<T> values = new ArrayList<>();
        for (String part : joined.split(",")) {
            values.add(parse.apply(part));
        }
        return values;
    }

    /** Binds the {@link #APP_PASSWORD_COLUMNS} of {@code record} starting at parameter 1. */
    static void bind(PreparedStatement insert, AppPasswordRecord record) throws SQLException {
        insert.setString(1, record.id());
        insert.setString(2, record.user());
        insert.setString(3, record.label());
        insert.setString(4, Scope.format(record.scopes()));
        insert.setString(5, record.hash());
        insert.setString(6, record.lookupTag());
        insert.setLong(7, record.createdAt().toEpochMilli());
        setInstant(insert, 8, record.expiresAt());
        setInstant(insert, 9, record.lastUsedAt());
        insert.setString(10, record.lastUsedIp());
        setInstant(insert, 11, record.revokedAt());
        Limits limits = record.limits();
        insert.setString(12, limits.sendAs().isEmpty() ? null : Limits.joined(limits.sendAs()));
        insert.setString(13, limits.allowFrom().isEmpty() ? null : Limits.joined(limits.allowFrom()));
        if (limits.maxMessagesPerDay() == 0) {
            insert.setNull(14, Types.INTEGER);
        } else {
            insert.setInt(14, limits.maxMessagesPerDay());
        }
    }

    static ApiTokenRecord apiToken(ResultSet row) throws SQLException {
        return new ApiTokenRecord(row.getString(1), row.getString(2), row.getString(3), Instant.ofEpochMilli(row.getLong(4)),
                instant(row, 5), row.getString(6), instant(row, 7));
    }

    /** Binds the {@link #API_TOKEN_COLUMNS} of {@code record} starting at parameter 1. */
    static void bind(PreparedStatement insert, ApiTokenRecord record) throws SQLException {
        insert.setString(1, record.id());
        insert.setString(2, record.label());
        insert.setString(3, record.tokenHash());
        insert.setLong(4, record.createdAt().toEpochMilli());
        setInstant(insert, 5, record.lastUsedAt());
        insert.setString(6, record.lastUsedIp());
        setInstant(insert, 7, record.revokedAt());
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setLong(index, value.toEpochMilli());
        }
    }
}
