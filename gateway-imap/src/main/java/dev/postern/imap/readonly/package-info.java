/**
 * After login, for an app password with scope {@code imap-read}: the commands the client sends,
 * filtered against an allow-list of commands that cannot change the mailbox, with {@code SELECT}
 * sent as {@code EXAMINE}; and the upstream's replies, watched (untouched) for tagged completions
 * and continuation requests, so that Postern's own answers keep their place and literals pass only
 * once the upstream has asked for them.
 */
package dev.postern.imap.readonly;
