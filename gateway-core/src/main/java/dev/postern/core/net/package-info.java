/**
 * Values about network addresses, used by the configuration, the listeners and the throttle:
 * CIDR networks, sets of them, and the grouping of client addresses into sources (an IPv4
 * address, an IPv6 /64).
 */
package dev.postern.core.net;
