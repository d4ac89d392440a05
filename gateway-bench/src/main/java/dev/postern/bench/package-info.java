/**
 * JMH benchmarks of the slow parts of a login: the password hashes and the caching verifier.
 * The load generator is in {@code load}.
 */
package dev.postern.bench;
