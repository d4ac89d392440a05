/**
 * Mail-client set-up from the portal listener: Thunderbird's autoconfig and Outlook's POX
 * autodiscover, built from the configured host names and TLS listeners, so that a user types only
 * their address and an app password (no secret is ever in these answers); and the Apple
 * configuration profile that the page of a new app password offers, which holds that password.
 */
package dev.postern.server.setup;
