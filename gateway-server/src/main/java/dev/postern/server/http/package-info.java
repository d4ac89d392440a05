/**
 * The admin HTTP listener for operators: {@code /metrics} (optionally behind a bearer token),
 * {@code /healthz} and {@code /readyz}, with its own connection cap and request deadline.
 */
package dev.postern.server.http;
