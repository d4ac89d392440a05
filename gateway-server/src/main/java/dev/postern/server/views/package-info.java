/**
 * How accounts are shown as JSON, the same to the command line ({@code --output json}) and the admin
 * REST API: users, app passwords with their status and limits. Never a secret or a hash.
 */
package dev.postern.server.views;
