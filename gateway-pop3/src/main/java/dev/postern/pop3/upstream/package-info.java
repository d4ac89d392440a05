/**
 * Logging in to the upstream POP3 server: greeting, CAPA, STLS, the optional XCLIENT carrying the
 * client's address, and AUTH or USER/PASS as the user with the configured credential; the CAPA
 * probe that tells the front what the upstream offers.
 */
package dev.postern.pop3.upstream;
