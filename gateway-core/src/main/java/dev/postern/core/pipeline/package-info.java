/**
 * The names of the stages in a connection's Netty pipelines, client side and upstream side, in
 * one place: every package that assembles a pipeline or removes a finished stage uses them.
 */
package dev.postern.core.pipeline;
