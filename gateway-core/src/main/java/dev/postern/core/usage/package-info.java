/**
 * What the gateway keeps of how app passwords are used, beyond their last use: the messages each
 * one sent per UTC day (its send quota, shared by every gateway on the store) and the networks each
 * one logged in from (an alert on the first login from a new one). Store work runs on the store
 * pool, never on an event loop.
 */
package dev.postern.core.usage;
