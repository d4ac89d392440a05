/**
 * Decoding what a client sends for SASL PLAIN and LOGIN (base64, the NUL-separated fields,
 * UTF-8 and length bounds) into a user name and password, for every protocol front.
 */
package dev.postern.core.auth.sasl;
