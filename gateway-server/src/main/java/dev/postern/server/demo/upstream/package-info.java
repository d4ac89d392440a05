/**
 * The demo's embedded upstream mail server (GreenMail), shipped in its own jar so that the
 * gateway's jar does not carry it.
 */
package dev.postern.server.demo.upstream;
