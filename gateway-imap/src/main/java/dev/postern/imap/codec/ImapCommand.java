package dev.postern.imap.codec;

import java.util.List;
import java.util.Objects;

/**
 * A syntactically valid command line: {@code tag SP name [SP args] CRLF}.
 *
 * @param tag  the client's tag, as sent
 * @param name the command name, upper-cased ({@code LOGIN}, {@code AUTHENTICATE}, ...)
 * @param args the arguments in order; may carry secrets, so {@link #toString()} shows only their shape
 */
public record ImapCommand(String tag, String name, List<ImapArg> args) implements ImapRequest {

    public ImapCommand {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
    }

    @Override
    public String toString() {
        return "ImapCommand[tag=" + tag + ", name=" + name + ", args=" + args + "]";
    }
}
