/**
 * In-place decoding of captured frames down to TCP: {@link io.wirestat.tracker.decode.FrameDecoder} walks the
 * link, IP and TCP headers described by the static descriptors
 * ({@link io.wirestat.tracker.decode.LinkHeaderDescriptor},
 * {@link io.wirestat.tracker.decode.Ipv4Descriptor}, {@link io.wirestat.tracker.decode.Ipv6Descriptor},
 * {@link io.wirestat.tracker.decode.TcpDescriptor}) and fills a reusable
 * {@link io.wirestat.tracker.decode.TcpSegment}, or returns a {@link io.wirestat.tracker.decode.SkipReason}.
 * Hot path: no allocation, no exceptions on bad bytes.
 */
package io.wirestat.tracker.decode;
