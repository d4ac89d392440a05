/**
 * SASL as a client, for Postern logging in to the upstream mail server: the mechanisms (PLAIN,
 * LOGIN, XOAUTH2, OAUTHBEARER) as byte messages, the choice of one from the upstream credential
 * and what the server offers, and the base64 of the messages. The protocol framing ({@code
 * AUTHENTICATE} and {@code +} in IMAP, {@code AUTH} and {@code 334} in SMTP) stays with each
 * protocol's upstream login; decoding what clients send Postern is {@code core.auth.sasl}.
 */
package dev.postern.core.upstream.sasl;
