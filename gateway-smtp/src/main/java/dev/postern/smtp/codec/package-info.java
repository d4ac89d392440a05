/**
 * Framing SMTP input before login: bounded command lines, and BDAT chunks skipped by their
 * announced size.
 */
package dev.postern.smtp.codec;
