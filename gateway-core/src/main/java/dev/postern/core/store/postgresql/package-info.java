/**
 * The PostgreSQL backend of the credential store, shared by several gateways and the command line:
 * a HikariCP pool for the statements, and one listening connection outside it that learns of every
 * change (LISTEN/NOTIFY) so that revocations reach every gateway within a second.
 */
package dev.postern.core.store.postgresql;
