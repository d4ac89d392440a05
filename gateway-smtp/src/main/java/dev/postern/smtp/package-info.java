/**
 * The SMTP submission protocol module: the client pipeline for submission listeners (implicit
 * TLS and STARTTLS).
 */
package dev.postern.smtp;
