package dev.postern.server.cli;

import dev.postern.core.store.Scope;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --scopes imap,smtp}; an unknown or empty scope, or imap with imap-read, is a usage error. */
final class ScopesConverter implements ITypeConverter<Set<Scope>> {
    @Override
    public Set<Scope> convert(String value) {
        try {
            return Scope.requireValid(Scope.parseList(value));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
