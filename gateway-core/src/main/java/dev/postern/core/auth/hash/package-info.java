/**
 * Password hash schemes behind one interface: Argon2id for what Postern generates, and bcrypt,
 * PBKDF2 and peppered HMAC-SHA-256 to verify imported hashes. PHC strings in, verdicts out;
 * bounds on every parameter an imported hash may claim.
 */
package dev.postern.core.auth.hash;
