/** POP3 through the gateway end to end: real mail clients, Python's poplib, the demo's GreenMail upstream. */
package dev.postern.server.pop3;
