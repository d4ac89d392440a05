/**
 * The POP3 front before login: greeting, CAPA, STLS, USER/PASS, AUTH PLAIN and LOGIN and QUIT,
 * answered by Postern itself; then the login flow and the hand-off.
 */
package dev.postern.pop3.front;
