/**
 * The SMTP front before login: greeting, EHLO/HELO, STARTTLS, AUTH PLAIN and LOGIN, RSET, NOOP
 * and QUIT, answered by Postern itself; then the login flow and the hand-off.
 */
package dev.postern.smtp.front;
