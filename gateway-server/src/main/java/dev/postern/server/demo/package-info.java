/**
 * The {@code demo} verb: a self-signed certificate, an embedded SQLite store and an embedded
 * upstream in a temporary folder, with one printed app password.
 */
package dev.postern.server.demo;
