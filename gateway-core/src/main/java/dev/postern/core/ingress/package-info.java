/**
 * Where clients come in: the transport (epoll or NIO), the listening sockets with their address
 * family ({@link dev.postern.core.ingress.ListenSockets}), and the stages every client pipeline
 * starts with (PROXY header, connection limits).
 */
package dev.postern.core.ingress;
