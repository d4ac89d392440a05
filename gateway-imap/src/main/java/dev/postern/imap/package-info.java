/**
 * The IMAP protocol module: the client pipeline for IMAP listeners (implicit TLS and STARTTLS).
 */
package dev.postern.imap;
