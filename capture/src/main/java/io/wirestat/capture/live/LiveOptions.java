package io.wirestat.capture.live;

import io.wirestat.tracker.TrackerConfig;

import java.nio.file.Path;

/**
 * What to capture live and how. Plain mutable settings, filled by the CLI or a test, then read once when the
 * capture opens.
 */
public final class LiveOptions
{
    /** Default snap length: enough for link, IPv6 and TCP headers with options (Ethernet + VLANs + 60 + 60). */
    public static final int DEFAULT_SNAPLEN = 128;

    /**
     * Default kernel capture buffer, bytes: 32 MiB, about 0.6 s of packets at 250 000 packets/s with the default snap
     * length. libpcap's own 2 MiB holds ~40 ms: on a busy 2-core machine a G1 pause (measured up to 260 ms) or a
     * descheduled capture thread overran it in most runs at 250 k packets/s (bench/RESULTS.md, Live capture).
     */
    public static final int DEFAULT_BUFFER_SIZE = 32 << 20;
    /** Default ring slots for live capture: ~0.5 s at 250 000 packets/s, to ride out a shard's pause. */
    public static final int DEFAULT_RING_SIZE = 1 << 17;

    /** Interface name as libpcap knows it ({@code eth0}, {@code lo}, {@code any}). */
    public String device;
    /** tcpdump filter expression, set as the kernel filter on the handle; null for none. */
    public String filter;
    /** Bytes kept of each packet. */
    public int snaplen = DEFAULT_SNAPLEN;
    /** Kernel capture buffer size in bytes, or 0 for libpcap's default (2 MiB). */
    public int bufferSize = DEFAULT_BUFFER_SIZE;
    /** False to leave the interface's promiscuous mode off ({@code -p}). */
    public boolean promiscuous = true;
    /** How long the capture thread waits in libpcap for a packet before looking at requests and the stop flag. */
    public int pollTimeoutMillis = 50;
    /** Stop after this many packets; 0 for no limit. */
    public long count;
    /** Tracker shards behind the ring; a power of two. */
    public int shards = 1;
    /** Ring slots; a power of two. */
    public int ringSize = DEFAULT_RING_SIZE;
    /** Also write every captured packet to this pcap file; null for none. */
    public Path writeFile;
    /** Stop the capture when the {@code -w} file cannot be written, instead of tracking on without it. */
    public boolean writeRequired;
    /** When libpcap fails (the interface went away), wait for the interface to come back instead of stopping. */
    public boolean retry;
    /** How often a lost interface is looked for ({@link #retry}). */
    public int retryIntervalMillis = 250;
    /** Per-shard tracker settings. */
    public final TrackerConfig tracker = new TrackerConfig();
}
