/**
 * The gateway's HTTP listeners: the admin listener for operators ({@code /metrics}, optionally behind
 * a bearer token, {@code /healthz}, {@code /readyz}) and the portal listener (HTTPS; the admin REST API
 * under {@code /api/v1/}), each with its own connection cap and request deadline.
 */
package dev.postern.server.http;
