/**
 * Framing and parsing IMAP commands before login, with bounds on lines, literals and arguments;
 * bad input becomes a value that the front answers with BAD.
 */
package dev.postern.imap.codec;
