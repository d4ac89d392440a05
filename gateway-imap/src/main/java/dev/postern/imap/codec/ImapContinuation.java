package dev.postern.imap.codec;

import java.util.Objects;

/**
 * One raw line read in continuation mode (see {@link ImapCommandDecoder#expectContinuationLine()}),
 * without its line ending: a base64 SASL response, or {@code *} to cancel. Octets are mapped
 * one-to-one to chars (ISO-8859-1), so any non-ASCII octet fails a strict base64 decoder.
 * The line is a SASL payload: {@link #toString()} shows only its length.
 */
public record ImapContinuation(String line) implements ImapRequest {

    public ImapContinuation {
        Objects.requireNonNull(line, "line");
    }

    @Override
    public String toString() {
        return "ImapContinuation[" + line.length() + " chars]";
    }
}
