/**
 * Deciding a login: the credential a front presents, the app-password format, the user-name
 * rules, the caching verifier (user state, hot cache, hash pool, lookup tags), the brute-force
 * throttle and the last-use recorder. The login flow in {@code front} calls it; it reads the
 * credential store and never touches a channel.
 */
package dev.postern.core.auth;
