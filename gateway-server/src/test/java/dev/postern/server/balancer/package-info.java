/**
 * Postern as operators run several of it: gateway processes started from the shipped {@code postern.jar} on one
 * PostgreSQL store, behind a real HAProxy speaking the PROXY protocol, with the command line as a third process.
 */
package dev.postern.server.balancer;
