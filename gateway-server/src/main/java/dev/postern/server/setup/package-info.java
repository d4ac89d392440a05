/**
 * Mail-client set-up from the portal listener: Thunderbird's autoconfig and Outlook's POX
 * autodiscover, built from the configured host names and TLS listeners, so that a user types only
 * their address and an app password. No secret is ever in these answers.
 */
package dev.postern.server.setup;
