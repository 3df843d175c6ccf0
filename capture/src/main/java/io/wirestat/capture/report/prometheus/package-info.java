/**
 * Prometheus's text exposition format, one home for both commands: {@code wirestat live --metrics} serves
 * {@link io.wirestat.capture.report.prometheus.WirestatMetrics}'s text on {@code /metrics}, and
 * {@code wirestat analyze --metrics-file} writes the same text with
 * {@link io.wirestat.capture.report.prometheus.MetricsFile} for node_exporter's textfile collector. The metric names
 * and labels are a public interface (recording rules and dashboards in {@code deploy/} read them): see
 * {@code docs/fleet.md}.
 */
package io.wirestat.capture.report.prometheus;
