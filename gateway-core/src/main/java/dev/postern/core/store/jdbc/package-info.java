/**
 * What the SQL backends of the credential store share: the statements and row mapping of one
 * logical schema, and schema migrations run by Flyway. A backend subpackage supplies connections,
 * transactions, error messages and its own migration scripts.
 */
package dev.postern.core.store.jdbc;
