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

    /** Interface name as libpcap knows it ({@code eth0}, {@code lo}, {@code any}). */
    public String device;
    /** tcpdump filter expression, set as the kernel filter on the handle; null for none. */
    public String filter;
    /** Bytes kept of each packet. */
    public int snaplen = DEFAULT_SNAPLEN;
    /** Kernel capture buffer size in bytes, or 0 for libpcap's default (2 MiB). */
    public int bufferSize;
    /** False to leave the interface's promiscuous mode off ({@code -p}). */
    public boolean promiscuous = true;
    /** How long the capture thread waits in libpcap for a packet before looking at requests and the stop flag. */
    public int pollTimeoutMillis = 50;
    /** Stop after this many packets; 0 for no limit. */
    public long count;
    /** Tracker shards behind the ring; a power of two. */
    public int shards = 1;
    /** Ring slots; a power of two. */
    public int ringSize = 1 << 14;
    /** Also write every captured packet to this pcap file; null for none. */
    public Path writeFile;
    /** Per-shard tracker settings. */
    public final TrackerConfig tracker = new TrackerConfig();
}
