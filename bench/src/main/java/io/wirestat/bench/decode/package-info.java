/**
 * JMH benchmarks of the frame decoder (bytes to {@link io.wirestat.tracker.decode.TcpSegment}).
 */
package io.wirestat.bench.decode;
