package dev.postern.imap.codec;

/**
 * One value decoded by {@link ImapCommandDecoder} from the client's bytes before login: a command,
 * a raw continuation line (SASL response), or input that could not be understood.
 */
public sealed interface ImapRequest permits ImapCommand, ImapContinuation, ImapMalformed {
}
