package dev.postern.core.observe;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Sorts a failed TLS handshake into a few categories for the {@code reason} label of
 * {@link Meters#TLS_HANDSHAKE_FAILURES}: too slow, not TLS at all, the peer left, a certificate
 * problem (the client did not accept ours), any other TLS protocol mismatch, or other.
 */
public enum TlsFailureReason {
    TIMEOUT, NOT_TLS, CLOSED, CERTIFICATE, PROTOCOL, OTHER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category of a handshake failure's cause (its cause chain is searched). */
    public static TlsFailureReason of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SslHandshakeTimeoutException) {
                return TIMEOUT;
            }
            if (cause instanceof NotSslRecordException) {
                return NOT_TLS;
            }
            if (cause instanceof ClosedChannelException) {
                return CLOSED;
            }
            if (cause instanceof SSLException) {
                String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
                return message.contains("certificate") || message.contains("unknown_ca") || message.contains("pkix")
                        ? CERTIFICATE : PROTOCOL;
            }
        }
        return OTHER;
    }
}
