/**
 * The {@code postern} command line: {@code serve}, {@code check-config}, {@code demo}, {@code
 * hash} and the account verbs, with exit codes and messages for people at a terminal.
 */
package dev.postern.server.cli;
