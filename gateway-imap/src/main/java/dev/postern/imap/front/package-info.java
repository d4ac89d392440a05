/**
 * The IMAP front before login: greeting, CAPABILITY, STARTTLS, LOGIN and AUTHENTICATE, NOOP,
 * LOGOUT and ID, answered by Postern itself; then the login flow and the hand-off.
 */
package dev.postern.imap.front;
