/**
 * The configuration file: read from YAML, checked as a whole (every problem named with its key path,
 * the value and what was expected) and bound to immutable records such as
 * {@link dev.postern.core.config.GatewayConfig}.
 */
package dev.postern.core.config;
