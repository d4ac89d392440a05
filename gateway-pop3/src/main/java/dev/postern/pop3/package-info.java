/**
 * The POP3 protocol module (RFC 1939, RFC 2449, RFC 5034): the client pipeline for POP3 listeners
 * (implicit TLS on 995 and STLS on 110, RFC 2595).
 */
package dev.postern.pop3;
