package dev.postern.server.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How a verb prints its result: {@code text} for people, {@code json} for scripts. */
public enum OutputFormat {
    TEXT, JSON;

    static final String EXPECTED = "expected: text, json";

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code --output}; a bad value is a usage error naming the accepted ones. */
    static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            for (OutputFormat format : values()) {
                if (format.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
                    return format;
                }
            }
            throw new TypeConversionException('"' + value + "\" (" + EXPECTED + ")");
        }
    }

    /** The values shown in {@code --help}. */
    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(TEXT.wireName(), JSON.wireName()).iterator();
        }
    }
}
