/**
 * The embedded SQLite backend of the credential store: one file, schema migrations, a small
 * connection pool, and the checks that the file the gateway opened is still the one at the
 * configured path.
 */
package dev.postern.core.store.sqlite;
