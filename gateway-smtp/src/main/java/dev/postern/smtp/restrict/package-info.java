/**
 * After login, for an app password with limits on sending ({@code --send-as},
 * {@code --max-messages-per-day}): the client's commands read by a bounded decoder that follows
 * SMTP's DATA and BDAT framing exactly (message bodies counted and passed on, never gathered), with
 * {@code MAIL FROM} checked against the allowed senders and the daily quota; and the upstream's
 * replies, watched (untouched) to keep Postern's own answers in their place, to learn the reply to
 * {@code DATA} and to count the messages the upstream accepted.
 */
package dev.postern.smtp.restrict;
