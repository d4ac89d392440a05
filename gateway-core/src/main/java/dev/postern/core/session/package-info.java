/**
 * Relayed sessions by the app password they logged in with: the registry every login registers
 * with, closing a session whose app password was revoked or expired or whose user was removed (the
 * protocol's closing line, then close), and the watch that notices such changes in the store.
 */
package dev.postern.core.session;
