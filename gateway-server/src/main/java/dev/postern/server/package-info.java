/**
 * Assembling a running gateway from the configuration: the store, the worker pools, the
 * verifier, the fronts of every configured protocol, the admin HTTP listener, and an orderly
 * stop.
 */
package dev.postern.server;
