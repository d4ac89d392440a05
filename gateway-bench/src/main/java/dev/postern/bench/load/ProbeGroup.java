package dev.postern.bench.load;

import picocli.CommandLine.ITypeConverter;

/**
 * One user group of the refusal-timing probe, from {@code --group NAME=USER}: a name for the table
 * ({@code unknown}, {@code one}, {@code ten}) and the account whose wrong-password logins it times.
 */
record ProbeGroup(String name, String user) {

    ProbeGroup {
        if (name.isBlank() || user.isBlank()) {
            throw new IllegalArgumentException("group " + name + "=" + user + " (expected NAME=USER, both non-empty)");
        }
    }

    /** Reads {@code NAME=USER}. */
    static final class Converter implements ITypeConverter<ProbeGroup> {
        @Override
        public ProbeGroup convert(String value) {
            int eq = value.indexOf('=');
            if (eq <= 0 || eq == value.length() - 1) {
                throw new IllegalArgumentException(value + " (expected NAME=USER, e.g. unknown=nobody@example.test)");
            }
            return new ProbeGroup(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
        }
    }
}
