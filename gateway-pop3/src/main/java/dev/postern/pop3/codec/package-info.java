/** Framing POP3 input before login: bounded command lines, longer bounded SASL response lines. */
package dev.postern.pop3.codec;
