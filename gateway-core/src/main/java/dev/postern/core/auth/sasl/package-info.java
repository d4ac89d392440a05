/**
 * SASL PLAIN and LOGIN on the server side, for every protocol front: the exchange (mechanism
 * choice, initial response, challenges, cancel) and the decoding of what the client sends (base64,
 * the NUL-separated fields, UTF-8 and length bounds) into a {@code LoginRequest}. The fronts only
 * frame its steps in their protocol's words.
 */
package dev.postern.core.auth.sasl;
