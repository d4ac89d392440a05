/**
 * Changing accounts: users, their app passwords (created, shown once, imported, revoked) and
 * their sealed upstream secrets. {@link dev.postern.core.account.AccountService} is the one
 * place every caller (the command line today) goes through; it writes to the credential store
 * and never sits on a connection's path.
 */
package dev.postern.core.account;
