package dev.postern.core.observe;

/**
 * The first successful login of an app password from a network it was never used from.
 *
 * @param network  the source network: the client's IPv4 /24 or IPv6 /64, e.g. {@code 192.0.2.0/24}
 * @param label    the app password's label, as its owner typed it (escaped when written)
 */
public record NewSourceEvent(String protocol, String clientIp, String user, String appPasswordId, String label,
                             String network) {
}
