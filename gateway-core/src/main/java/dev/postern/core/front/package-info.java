/**
 * The shared part of every protocol front before login: the bounded pre-auth decoder contract
 * (and the line decoder of the line protocols, SMTP and POP3),
 * the front's state around one login, and the login flow (throttle, verifier, upstream
 * connection, hand-off to the relay) with its audit line and metrics. Protocol modules supply
 * the wire format and the replies.
 */
package dev.postern.core.front;
