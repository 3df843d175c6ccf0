package io.wirestat.tracker.support;

import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.decode.TcpSegment;
import io.wirestat.tracker.flow.FlowHash;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * Feeds a tracker hand-written segments between two endpoints, keeping each side's sequence numbers, so a test
 * reads like a ladder diagram: {@code wire.client(SYN)}, {@code wire.server(SYN | ACK)}, ... Test support only.
 */
public final class Wire
{
    public static final int FIN = TcpSegment.FIN;
    public static final int SYN = TcpSegment.SYN;
    public static final int RST = TcpSegment.RST;
    public static final int ACK = TcpSegment.ACK;

    private final TcpTracker tracker;
    private final Endpoint client;
    private final Endpoint server;
    private final TcpSegment seg = new TcpSegment();
    private int vlan;
    private long nowNanos = 1_000_000_000_000L;
    private int clientNext;
    private int serverNext;
    private int window = 65535;

    public Wire(final TcpTracker tracker, final String client, final int clientPort, final String server, final int serverPort)
    {
        this.tracker = tracker;
        this.client = Endpoint.parse(client, clientPort);
        this.server = Endpoint.parse(server, serverPort);
        this.clientNext = 1000;
        this.serverNext = 5000;
    }

    public Wire vlan(final int vlan)
    {
        this.vlan = vlan;
        return this;
    }

    public Wire window(final int window)
    {
        this.window = window;
        return this;
    }

    public Wire advanceMillis(final long millis)
    {
        nowNanos += millis * 1_000_000L;
        return this;
    }

    public long nowNanos()
    {
        return nowNanos;
    }

    /** Client sends; seq/ack from the running counters. */
    public Wire client(final int flags)
    {
        return client(flags, 0);
    }

    public Wire client(final int flags, final int payload)
    {
        send(true, flags, clientNext, serverNext, payload);
        clientNext += payload + ((flags & (SYN | FIN)) != 0 ? 1 : 0);
        return this;
    }

    public Wire server(final int flags)
    {
        return server(flags, 0);
    }

    public Wire server(final int flags, final int payload)
    {
        send(false, flags, serverNext, clientNext, payload);
        serverNext += payload + ((flags & (SYN | FIN)) != 0 ? 1 : 0);
        return this;
    }

    /** Sends with explicit seq and ack, leaving the running counters alone (retransmissions, forged RSTs). */
    public Wire raw(final boolean fromClient, final int flags, final int seq, final int ack, final int payload)
    {
        send(fromClient, flags, seq, ack, payload);
        return this;
    }

    public int clientNext()
    {
        return clientNext;
    }

    public int serverNext()
    {
        return serverNext;
    }

    public Wire clientIsn(final int isn)
    {
        clientNext = isn;
        return this;
    }

    /** @return every record as of the newest packet. */
    public List<ConnectionRecord> records()
    {
        return recordsAsOf(tracker.latestTimestampNanos());
    }

    public List<ConnectionRecord> recordsAsOf(final long asOfNanos)
    {
        final List<ConnectionRecord> out = new ArrayList<>();
        tracker.snapshot(asOfNanos, out::add);
        return out;
    }

    private void send(final boolean fromClient, final int flags, final int seq, final int ack, final int payload)
    {
        final Endpoint src = fromClient ? client : server;
        final Endpoint dst = fromClient ? server : client;
        seg.timestampNanos = nowNanos;
        nowNanos += 1_000_000L;
        seg.srcHi = src.hi();
        seg.srcLo = src.lo();
        seg.srcPort = src.port();
        seg.dstHi = dst.hi();
        seg.dstLo = dst.lo();
        seg.dstPort = dst.port();
        seg.vlan = vlan;
        seg.ipVersion = src.isIpv4() ? 4 : 6;
        seg.seq = seq;
        seg.ack = (flags & ACK) != 0 ? ack : 0;
        seg.flags = flags;
        seg.window = window;
        seg.windowScale = (flags & SYN) != 0 ? 7 : -1;
        seg.mss = -1;
        seg.options = 0;
        seg.payloadLength = payload;
        seg.ipLength = 40 + payload;
        seg.flowHash = FlowHash.of(src.hi(), src.lo(), src.port(), dst.hi(), dst.lo(), dst.port(), 0);
        tracker.onSegment(seg);
    }
}
