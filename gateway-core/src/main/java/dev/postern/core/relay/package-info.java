/**
 * After login: splicing the client channel and the upstream channel together, bytes untouched,
 * with backpressure (read only after the previous write succeeded), idle timeout and session
 * events.
 */
package dev.postern.core.relay;
