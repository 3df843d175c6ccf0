package io.wirestat.tracker.decode;

/**
 * One TCP segment decoded to primitives: the unit that flows from the decoder through the ring buffer to a
 * tracker shard. Instances are pre-allocated and reused in place (they are the Disruptor's events), so never keep
 * a reference to one after the call that handed it to you returns.
 * <p>
 * Addresses are 128 bits in two longs; IPv4 is stored IPv4-mapped ({@code ::ffff:a.b.c.d}: hi = 0,
 * lo = {@code 0x0000_FFFF_0000_0000L | ipv4}) so one code path covers both families.
 * Not thread safe; written by one producer, read by one consumer at a time.
 */
public final class TcpSegment
{
    /** TCP flag bits as they appear in the flags byte (RFC 9293 §3.1). */
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    /** Bits of {@link #options}: which TCP options were present. */
    public static final int OPT_MSS = 1;
    public static final int OPT_WSCALE = 2;
    public static final int OPT_SACK_PERMITTED = 4;
    public static final int OPT_SACK = 8;
    public static final int OPT_TIMESTAMP = 16;

    /** Capture timestamp in nanoseconds since the epoch (packet time, never the wall clock). */
    public long timestampNanos;
    public long srcHi;
    public long srcLo;
    public long dstHi;
    public long dstLo;
    public int srcPort;
    public int dstPort;
    /** VLAN context: 0 when untagged; the outer and inner 12-bit ids as {@code outer << 12 | inner} for QinQ. */
    public int vlan;
    /** 4 or 6. */
    public int ipVersion;
    /** Raw 32-bit sequence number; compare only with {@code SeqNum}. */
    public int seq;
    /** Raw 32-bit acknowledgement number (meaningful only when {@link #ACK} is set). */
    public int ack;
    /** The TCP flags byte (FIN..CWR). */
    public int flags;
    /** The raw 16-bit window field (unscaled). */
    public int window;
    /**
     * Window-scale shift from the option (0..14), or -1 when the segment carried none. Options ({@link #mss},
     * {@link #windowScale}, {@link #options}) are parsed on SYN segments only, where they are negotiated.
     */
    public int windowScale;
    /** MSS option value, or -1 when absent. */
    public int mss;
    /** Bit set of OPT_* values. */
    public int options;
    /** TCP payload length on the wire, from the IP lengths: true even when the snap length cut the bytes. */
    public int payloadLength;
    /** IP packet length on the wire (header + payload). */
    public int ipLength;
    /**
     * Direction-independent hash of (addresses, ports), used for sharding and the flow table. The VLAN is not
     * part of it, so asymmetrically tagged directions still meet; the flow table compares VLANs itself.
     */
    public int flowHash;
    /** Position of this segment in its capture (1-based frame number), for diagnostics only. */
    public long frameNumber;

    public boolean hasFlag(final int flag)
    {
        return (flags & flag) != 0;
    }

    /** Copies every field from another segment (cold path: tests and tools). */
    public void copyFrom(final TcpSegment o)
    {
        timestampNanos = o.timestampNanos;
        srcHi = o.srcHi;
        srcLo = o.srcLo;
        dstHi = o.dstHi;
        dstLo = o.dstLo;
        srcPort = o.srcPort;
        dstPort = o.dstPort;
        vlan = o.vlan;
        ipVersion = o.ipVersion;
        seq = o.seq;
        ack = o.ack;
        flags = o.flags;
        window = o.window;
        windowScale = o.windowScale;
        mss = o.mss;
        options = o.options;
        payloadLength = o.payloadLength;
        ipLength = o.ipLength;
        flowHash = o.flowHash;
        frameNumber = o.frameNumber;
    }
}
