/**
 * The admin REST API ({@code /api/v1/} on the portal listener): users and app passwords for
 * automation, authenticated by bearer tokens made with {@code postern api-tokens create}. JSON in
 * and out, errors as RFC 9457 problem details, described by the OpenAPI document it serves. Every
 * change goes through the account service and is written to the audit log with the token's label
 * and the caller's address.
 */
package dev.postern.server.api;
