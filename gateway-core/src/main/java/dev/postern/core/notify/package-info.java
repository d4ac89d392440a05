/**
 * Notifications to systems outside the gateway: a webhook that is POSTed JSON events (a login from a
 * new network). Sent from one thread of its own with retries and a bounded queue; whoever raises
 * an event never waits for the receiver.
 */
package dev.postern.core.notify;
