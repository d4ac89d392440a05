/**
 * The credential store's API: users, app-password records with their scopes, sealed upstream
 * secrets, and the exceptions a backend reports (unavailable, conflict, schema too new).
 * Backends live in subpackages; callers see only this package.
 */
package dev.postern.core.store;
