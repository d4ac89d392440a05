/**
 * Sealing secrets at rest: upstream passwords (and later refresh tokens) encrypted with
 * AES-256-GCM under a key file, the user as associated data. The key never comes from what a
 * client sends.
 */
package dev.postern.core.seal;
