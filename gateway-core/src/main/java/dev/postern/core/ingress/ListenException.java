package dev.postern.core.ingress;

/**
 * A listener that could not be bound, with a message for the operator: the address as written and
 * the likely cause (port in use, privileges for a port below 1024, an address this host does not have).
 */
public final class ListenException extends IllegalStateException {

    private static final int FIRST_UNPRIVILEGED_PORT = 1024;

    private final int port;

    public ListenException(String message, int port, Throwable cause) {
        super(message, cause);
        this.port = port;
    }

    /** The configured port that could not be bound. */
    public int port() {
        return port;
    }

    /** A failed bind of {@code address} by the listener {@code description} (e.g. "imap implicit"). */
    static ListenException bindFailed(String description, ListenAddress address, Throwable cause) {
        return new ListenException(description + ": cannot listen on " + address + ": " + reason(address, cause),
                address.port(), cause);
    }

    private static String reason(ListenAddress address, Throwable cause) {
        String detail = String.valueOf(cause.getMessage());
        int port = address.port();
        if (detail.contains("Address already in use")) {
            return "port " + port + " is in use (by another process: ss -ltnp 'sport = :" + port + "')";
        }
        if (detail.contains("Cannot assign requested address")) {
            return address.host() + " is not an address of this host (" + detail + ")";
        }
        if (detail.contains("Permission denied") && port > 0 && port < FIRST_UNPRIVILEGED_PORT
                && !EffectiveUser.isRoot()) {
            return "port " + port + " is below 1024 and needs root or the capability CAP_NET_BIND_SERVICE ("
                    + detail + ")";
        }
        return detail;
    }
}
