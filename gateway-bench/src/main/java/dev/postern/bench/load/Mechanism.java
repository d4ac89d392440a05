package dev.postern.bench.load;

/** How the load generator logs in: IMAP LOGIN / SMTP AUTH LOGIN, or SASL PLAIN on both. */
public enum Mechanism {
    LOGIN, PLAIN
}
