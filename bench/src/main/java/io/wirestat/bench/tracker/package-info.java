/**
 * JMH benchmarks and footprint measurement of the tracker shard ({@link io.wirestat.tracker.TcpTracker}).
 */
package io.wirestat.bench.tracker;
