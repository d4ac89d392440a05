/**
 * What the gateway tells its operators: the audit log (one JSON line per login), Prometheus
 * meters with bounded labels, and the observers that the verifier, the upstream leg and the
 * relay report to.
 */
package dev.postern.core.observe;
