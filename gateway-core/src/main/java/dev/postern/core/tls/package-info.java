/**
 * TLS for both legs: the server certificate and key from PEM files (reloaded when they change),
 * the client-side trust for upstreams, the policy (TLS 1.2/1.3, AEAD with forward secrecy) and
 * the provider choice (BoringSSL or the JDK), plus self-signed certificates for the demo and
 * tests.
 */
package dev.postern.core.tls;
