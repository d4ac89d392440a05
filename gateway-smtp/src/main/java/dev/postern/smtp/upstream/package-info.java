/**
 * Logging in to the upstream submission server: greeting, EHLO and its extensions, STARTTLS, the
 * optional XCLIENT carrying the client's address, and AUTH as the user with the configured
 * credential; a probe stops after the last EHLO.
 */
package dev.postern.smtp.upstream;
