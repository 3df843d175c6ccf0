package io.wirestat.tracker;

import io.wirestat.tracker.report.EndpointActivity;
import io.wirestat.tracker.state.TcpState;

import java.util.Arrays;

/**
 * Per-endpoint columns of the flow table: row {@code id * 2 + side} (side 0 = client, 1 = server) holds what one
 * endpoint of one connection has shown on the wire. Plain arrays so a connection costs a few hundred bytes and
 * no object. Not thread safe; owned by one shard thread.
 */
final class EndpointColumns
{
    /** The endpoint has sent a SYN; {@code isn} holds its sequence number. */
    static final int ISN_KNOWN = 1;
    /** {@code sndNxt} is valid. */
    static final int SEQ_KNOWN = 2;
    /** The endpoint has sent an ACK; {@code maxAck} and {@code window} are valid. */
    static final int ACK_KNOWN = 4;
    /** The endpoint has sent a FIN; {@code finSeq} holds its sequence number. */
    static final int FIN_SENT = 8;
    /** The peer has acknowledged this endpoint's SYN. */
    static final int OWN_SYN_ACKED = 16;
    /** This endpoint has acknowledged the peer's SYN. */
    static final int PEER_SYN_ACKED = 32;
    /** The peer has acknowledged this endpoint's FIN. */
    static final int OWN_FIN_ACKED = 64;
    /** This endpoint has acknowledged the peer's FIN. */
    static final int PEER_FIN_ACKED = 128;
    /** The endpoint's SYN carried a window-scale option. */
    static final int WSCALE_OFFERED = 256;
    /** {@code highestEnd} is valid. */
    static final int HIGHEST_END_KNOWN = 512;

    /** ints per endpoint row: both endpoints of a connection share two cache lines. */
    private static final int I_STRIDE = 16;
    /** longs per endpoint row: both endpoints' counters and times share two cache lines. */
    private static final int L_STRIDE = 8;

    private static final int I_STATE = 0;
    private static final int I_FACTS = 1;
    private static final int I_ISN = 2;
    private static final int I_SNDNXT = 3;
    private static final int I_FINSEQ = 4;
    private static final int I_MAXACK = 5;
    private static final int I_WINDOW = 6;
    private static final int I_WINDOWSCALE = 7;
    private static final int I_HIGHESTEND = 8;
    private static final int I_FINRETRANSMITS = 9;
    private static final int I_KEEPALIVES = 10;
    private static final int I_ZEROWINDOWPROBES = 11;
    private static final int I_UNANSWEREDPROBES = 12;
    private static final int I_RSTAFTERPEERDATA = 13;
    private static final int L_STATESINCE = 0;
    private static final int L_PACKETS = 1;
    private static final int L_PAYLOADBYTES = 2;
    private static final int L_IPBYTES = 3;
    private static final int L_RETRANSMITS = 4;
    private static final int L_LASTPACKET = 5;
    private static final int L_LASTPAYLOAD = 6;
    private static final int L_TIMEWAITSINCE = 7;

    /**
     * Layout is array-of-structs on purpose: a segment touches one connection's state, sequence numbers, counters
     * and times together, and separate arrays per field cost a cache miss each (measured: the tracker spent most of
     * its time waiting on memory with one array per field).
     */
    private int[] ints;
    private long[] longs;

    EndpointColumns(final int capacity)
    {
        ints = new int[capacity * 2 * I_STRIDE];
        longs = new long[capacity * 2 * L_STRIDE];
    }

    void ensureCapacity(final int capacity)
    {
        if (capacity * 2 * I_STRIDE <= ints.length)
        {
            return;
        }
        ints = Arrays.copyOf(ints, capacity * 2 * I_STRIDE);
        longs = Arrays.copyOf(longs, capacity * 2 * L_STRIDE);
    }

    /** Resets one endpoint row for a new record (ids of evicted records are reused). */
    void init(final int row, final long now)
    {
        Arrays.fill(ints, row * I_STRIDE, row * I_STRIDE + I_STRIDE, 0);
        Arrays.fill(longs, row * L_STRIDE, row * L_STRIDE + L_STRIDE, 0);
        state(row, TcpState.UNKNOWN);
        stateSince(row, now);
        windowScale(row, (byte)-1);
        lastPacket(row, EndpointActivity.NEVER);
        lastPayload(row, EndpointActivity.NEVER);
        timeWaitSince(row, EndpointActivity.NEVER);
    }

    /** @return the row's activity in report form (cold path). */
    EndpointActivity activity(final int row)
    {
        return new EndpointActivity(lastPacket(row), lastPayload(row), finRetransmits(row), keepalives(row),
            zeroWindowProbes(row), unansweredProbes(row), rstAfterPeerData(row) != 0, timeWaitSince(row));
    }

    byte state(final int row)
    {
        return (byte)ints[row * I_STRIDE + I_STATE];
    }

    void state(final int row, final byte value)
    {
        ints[row * I_STRIDE + I_STATE] = value;
    }

    int facts(final int row)
    {
        return ints[row * I_STRIDE + I_FACTS];
    }

    void facts(final int row, final int value)
    {
        ints[row * I_STRIDE + I_FACTS] = value;
    }

    int isn(final int row)
    {
        return ints[row * I_STRIDE + I_ISN];
    }

    void isn(final int row, final int value)
    {
        ints[row * I_STRIDE + I_ISN] = value;
    }

    int sndNxt(final int row)
    {
        return ints[row * I_STRIDE + I_SNDNXT];
    }

    void sndNxt(final int row, final int value)
    {
        ints[row * I_STRIDE + I_SNDNXT] = value;
    }

    int finSeq(final int row)
    {
        return ints[row * I_STRIDE + I_FINSEQ];
    }

    void finSeq(final int row, final int value)
    {
        ints[row * I_STRIDE + I_FINSEQ] = value;
    }

    int maxAck(final int row)
    {
        return ints[row * I_STRIDE + I_MAXACK];
    }

    void maxAck(final int row, final int value)
    {
        ints[row * I_STRIDE + I_MAXACK] = value;
    }

    int window(final int row)
    {
        return ints[row * I_STRIDE + I_WINDOW];
    }

    void window(final int row, final int value)
    {
        ints[row * I_STRIDE + I_WINDOW] = value;
    }

    byte windowScale(final int row)
    {
        return (byte)ints[row * I_STRIDE + I_WINDOWSCALE];
    }

    void windowScale(final int row, final byte value)
    {
        ints[row * I_STRIDE + I_WINDOWSCALE] = value;
    }

    int highestEnd(final int row)
    {
        return ints[row * I_STRIDE + I_HIGHESTEND];
    }

    void highestEnd(final int row, final int value)
    {
        ints[row * I_STRIDE + I_HIGHESTEND] = value;
    }

    int finRetransmits(final int row)
    {
        return ints[row * I_STRIDE + I_FINRETRANSMITS];
    }

    void finRetransmits(final int row, final int value)
    {
        ints[row * I_STRIDE + I_FINRETRANSMITS] = value;
    }

    int keepalives(final int row)
    {
        return ints[row * I_STRIDE + I_KEEPALIVES];
    }

    void keepalives(final int row, final int value)
    {
        ints[row * I_STRIDE + I_KEEPALIVES] = value;
    }

    int zeroWindowProbes(final int row)
    {
        return ints[row * I_STRIDE + I_ZEROWINDOWPROBES];
    }

    void zeroWindowProbes(final int row, final int value)
    {
        ints[row * I_STRIDE + I_ZEROWINDOWPROBES] = value;
    }

    int unansweredProbes(final int row)
    {
        return ints[row * I_STRIDE + I_UNANSWEREDPROBES];
    }

    void unansweredProbes(final int row, final int value)
    {
        ints[row * I_STRIDE + I_UNANSWEREDPROBES] = value;
    }

    byte rstAfterPeerData(final int row)
    {
        return (byte)ints[row * I_STRIDE + I_RSTAFTERPEERDATA];
    }

    void rstAfterPeerData(final int row, final byte value)
    {
        ints[row * I_STRIDE + I_RSTAFTERPEERDATA] = value;
    }

    long stateSince(final int row)
    {
        return longs[row * L_STRIDE + L_STATESINCE];
    }

    void stateSince(final int row, final long value)
    {
        longs[row * L_STRIDE + L_STATESINCE] = value;
    }

    long packets(final int row)
    {
        return longs[row * L_STRIDE + L_PACKETS];
    }

    void packets(final int row, final long value)
    {
        longs[row * L_STRIDE + L_PACKETS] = value;
    }

    long payloadBytes(final int row)
    {
        return longs[row * L_STRIDE + L_PAYLOADBYTES];
    }

    void payloadBytes(final int row, final long value)
    {
        longs[row * L_STRIDE + L_PAYLOADBYTES] = value;
    }

    long ipBytes(final int row)
    {
        return longs[row * L_STRIDE + L_IPBYTES];
    }

    void ipBytes(final int row, final long value)
    {
        longs[row * L_STRIDE + L_IPBYTES] = value;
    }

    long retransmits(final int row)
    {
        return longs[row * L_STRIDE + L_RETRANSMITS];
    }

    void retransmits(final int row, final long value)
    {
        longs[row * L_STRIDE + L_RETRANSMITS] = value;
    }

    long lastPacket(final int row)
    {
        return longs[row * L_STRIDE + L_LASTPACKET];
    }

    void lastPacket(final int row, final long value)
    {
        longs[row * L_STRIDE + L_LASTPACKET] = value;
    }

    long lastPayload(final int row)
    {
        return longs[row * L_STRIDE + L_LASTPAYLOAD];
    }

    void lastPayload(final int row, final long value)
    {
        longs[row * L_STRIDE + L_LASTPAYLOAD] = value;
    }

    long timeWaitSince(final int row)
    {
        return longs[row * L_STRIDE + L_TIMEWAITSINCE];
    }

    void timeWaitSince(final int row, final long value)
    {
        longs[row * L_STRIDE + L_TIMEWAITSINCE] = value;
    }
}
