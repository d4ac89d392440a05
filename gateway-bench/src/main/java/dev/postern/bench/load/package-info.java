/**
 * The load generator {@code postern-bench.jar} ({@link dev.postern.bench.load.LoadMain}): a Netty
 * IMAP and SMTP client that runs load scenarios against Postern, the upstream directly or another
 * proxy ({@code run}, {@code compare}, {@code report}), the Argon2id yardstick ({@code argon2}), a
 * GreenMail upstream for loopback runs ({@code upstream}), and the refusal-timing probe
 * ({@code refusal-timing}) that checks whether the time of a refused login tells user groups apart.
 */
package dev.postern.bench.load;
