package dev.postern.server.cli;

import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import dev.postern.server.views.AppPasswordJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How an app password is shown by {@code app-passwords list} as a table row (JSON: {@link AppPasswordJson}).
 * Never the hash.
 */
final class AppPasswordView {

    static final String[] HEADER = {"ID", "USER", "LABEL", "SCOPES", "CREATED", "EXPIRES", "LAST USED (from IP)",
        "LIMITS", "STATUS"};

    private AppPasswordView() {
    }

    static void printTable(List<AppPasswordRecord> records, Instant now, PrintWriter out) {
        TextTable table = new TextTable(HEADER);
        for (AppPasswordRecord record : records) {
            table.row(record.id(), record.user(), record.label(), Scope.format(record.scopes()),
                    TextTimes.format(record.createdAt()), TextTimes.format(record.expiresAt()), lastUse(record),
                    limits(record), AppPasswordJson.Status.of(record, now).wireName());
        }
        table.print(out);
    }

    private static String lastUse(AppPasswordRecord record) {
        if (record.lastUsedAt() == null) {
            return TextTimes.NEVER;
        }
        String time = TextTimes.format(record.lastUsedAt());
        return record.lastUsedIp() == null ? time : time + " (" + record.lastUsedIp() + ")";
    }

    /**
     * The limits in one short line, e.g. {@code send-as self, from 192.0.2.0/24, 300 messages/day};
     * {@code -} for none.
     */
    static String limits(AppPasswordRecord record) {
        Limits limits = record.limits();
        List<String> parts = new ArrayList<>();
        if (!limits.sendAs().isEmpty()) {
            parts.add("send-as " + String.join(" ", limits.sendAs()));
        }
        if (!limits.allowFrom().isEmpty()) {
            parts.add("from " + Limits.joined(limits.allowFrom()).replace(",", " "));
        }
        if (limits.maxMessagesPerDay() > 0) {
            parts.add(limits.maxMessagesPerDay() + " messages/day");
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

}
