/**
 * Logging in to the upstream IMAP server: reading its greeting and capabilities, STARTTLS, and
 * AUTHENTICATE as the user with the configured credential.
 */
package dev.postern.imap.upstream;
