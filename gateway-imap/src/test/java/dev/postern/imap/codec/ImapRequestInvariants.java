package dev.postern.imap.codec;

import dev.postern.core.testing.FuzzChunks;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What must hold for every sequence of values an {@link ImapCommandDecoder} emits, whatever the input. */
final class ImapRequestInvariants {

    private static final int MAX_LIST_DEPTH = 8;
    private static final Set<String> REASONS = reasons();

    private ImapRequestInvariants() {
    }

    static void check(byte[] payload, List<ImapRequest> decoded, int continuationsSent) {
        int lineEnds = FuzzChunks.count(payload, '\n');
        int closingBraces = FuzzChunks.count(payload, '}');
        int nonFatal = 0;
        long argOctets = 0;
        for (int i = 0; i < decoded.size(); i++) {
            ImapRequest request = decoded.get(i);
            if (request instanceof ImapMalformed malformed) {
                checkMalformed(malformed, i == decoded.size() - 1);
                if (!malformed.fatal()) {
                    nonFatal++;
                }
            } else if (request instanceof ImapCommand command) {
                argOctets += checkCommand(command);
                nonFatal++;
            } else if (request instanceof ImapContinuation continuation) {
                checkLine(continuation.line());
                argOctets += continuation.line().length();
                nonFatal++;
            } else {
                throw new AssertionError("unknown request type " + request.getClass());
            }
        }
        require(nonFatal <= lineEnds, "values ending at a line end: " + nonFatal + " (expected: at most " + lineEnds + " LFs)");
        require(argOctets <= payload.length, "argument octets: " + argOctets + " (expected: at most " + payload.length + ")");
        require(continuationsSent <= closingBraces,
                "continuations: " + continuationsSent + " (expected: at most one per '}', " + closingBraces + ")");
    }

    private static void checkMalformed(ImapMalformed malformed, boolean last) {
        require(REASONS.contains(malformed.reason()), "unknown reason: " + malformed.reason());
        require(!malformed.fatal() || last, "a fatal value must be the last one");
        if (malformed.tag() != null) {
            checkTag(malformed.tag());
        }
    }

    private static long checkCommand(ImapCommand command) {
        checkTag(command.tag());
        require(!command.name().isEmpty(), "empty command name");
        for (char c : command.name().toCharArray()) {
            require(ImapSyntax.isAtomChar(c), "command name char " + (int) c);
        }
        require(command.name().equals(command.name().toUpperCase(Locale.ROOT)), "command name not upper-cased");
        long octets = command.tag().length() + command.name().length();
        for (ImapArg arg : command.args()) {
            octets += checkArg(arg, 0);
        }
        return octets;
    }

    private static long checkArg(ImapArg arg, int depth) {
        if (arg instanceof ImapArg.Atom atom) {
            require(!atom.value().isEmpty(), "empty atom");
            for (char c : atom.value().toCharArray()) {
                require(ImapSyntax.isArgAtomChar(c), "atom char " + (int) c);
            }
            require(!atom.value().equalsIgnoreCase("NIL"), "NIL as an atom");
            return atom.value().length();
        }
        if (arg instanceof ImapArg.Str str) {
            for (byte b : str.value()) {
                require(b != 0, "NUL in a string");
            }
            return str.value().length;
        }
        if (arg instanceof ImapArg.ListArg list) {
            require(depth + 1 <= MAX_LIST_DEPTH, "list depth " + (depth + 1));
            long octets = 2;
            for (ImapArg item : list.items()) {
                octets += checkArg(item, depth + 1);
            }
            return octets;
        }
        require(arg instanceof ImapArg.Nil, "unknown arg type");
        return 3;
    }

    private static void checkTag(String tag) {
        require(!tag.isEmpty(), "empty tag");
        for (char c : tag.toCharArray()) {
            require(ImapSyntax.isTagChar(c), "tag char " + (int) c);
        }
    }

    private static void checkLine(String line) {
        for (char c : line.toCharArray()) {
            require(c != '\r' && c != '\n' && c != 0, "continuation line char " + (int) c);
        }
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private static Set<String> reasons() {
        Set<String> reasons = new HashSet<>();
        for (Field field : ImapMalformed.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    reasons.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return reasons;
    }
}
