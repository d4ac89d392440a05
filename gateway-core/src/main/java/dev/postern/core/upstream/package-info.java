/**
 * The upstream leg: connecting to the real mail server (TLS verified, or STARTTLS), reading its
 * greeting and logging in as the user with the configured credential (master user or stored
 * password), the readiness probe, and the failures it reports.
 */
package dev.postern.core.upstream;
