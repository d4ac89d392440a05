/**
 * The protocol contract: what a protocol module (IMAP, SMTP, later POP3) gives the gateway — its
 * name and scope, the upstream login for an upstream channel, the pre-auth decoder and front for a
 * client channel, and its refusal line — and what the gateway gives it in return
 * ({@link dev.postern.core.protocol.ProtocolContext}). The gateway starts every configured protocol
 * by going over the registered {@link dev.postern.core.protocol.Protocol}s.
 */
package dev.postern.core.protocol;
