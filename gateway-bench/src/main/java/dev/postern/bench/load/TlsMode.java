package dev.postern.bench.load;

/** How the load generator secures a connection: TLS from the first byte, STARTTLS, or not at all. */
public enum TlsMode {
    IMPLICIT, STARTTLS, NONE
}
