/**
 * Logging in to the upstream submission server: its greeting and EHLO extensions, STARTTLS,
 * XCLIENT for the client's address, and AUTH as the user; the EHLO the client sent is replayed
 * after login.
 */
package dev.postern.smtp.upstream;
