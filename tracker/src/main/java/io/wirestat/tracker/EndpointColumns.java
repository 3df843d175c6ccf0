package io.wirestat.tracker;

import io.wirestat.tracker.state.TcpState;

import java.util.Arrays;

/**
 * Per-endpoint columns of the flow table: row {@code id * 2 + side} (side 0 = client, 1 = server) holds what one
 * endpoint of one connection has shown on the wire. Plain arrays so a connection costs a few hundred bytes and
 * no object. Not thread safe; owned by one shard thread.
 */
final class EndpointColumns
{
    /** The endpoint has sent a SYN; {@link #isn} holds its sequence number. */
    static final int ISN_KNOWN = 1;
    /** {@link #sndNxt} is valid. */
    static final int SEQ_KNOWN = 2;
    /** The endpoint has sent an ACK; {@link #maxAck} and {@link #window} are valid. */
    static final int ACK_KNOWN = 4;
    /** The endpoint has sent a FIN; {@link #finSeq} holds its sequence number. */
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

    byte[] state;
    long[] stateSince;
    int[] facts;
    int[] isn;
    /** Next sequence number after everything this endpoint has sent (highest seen). */
    int[] sndNxt;
    int[] finSeq;
    /** Highest acknowledgement number this endpoint has sent: its rcv_nxt as far as the wire shows. */
    int[] maxAck;
    /** Last raw window this endpoint advertised (unscaled). */
    int[] window;
    byte[] windowScale;
    long[] packets;
    long[] payloadBytes;
    long[] ipBytes;
    long[] retransmits;

    EndpointColumns(final int capacity)
    {
        final int n = capacity * 2;
        state = new byte[n];
        stateSince = new long[n];
        facts = new int[n];
        isn = new int[n];
        sndNxt = new int[n];
        finSeq = new int[n];
        maxAck = new int[n];
        window = new int[n];
        windowScale = new byte[n];
        packets = new long[n];
        payloadBytes = new long[n];
        ipBytes = new long[n];
        retransmits = new long[n];
    }

    void ensureCapacity(final int capacity)
    {
        final int n = capacity * 2;
        if (n <= state.length)
        {
            return;
        }
        state = Arrays.copyOf(state, n);
        stateSince = Arrays.copyOf(stateSince, n);
        facts = Arrays.copyOf(facts, n);
        isn = Arrays.copyOf(isn, n);
        sndNxt = Arrays.copyOf(sndNxt, n);
        finSeq = Arrays.copyOf(finSeq, n);
        maxAck = Arrays.copyOf(maxAck, n);
        window = Arrays.copyOf(window, n);
        windowScale = Arrays.copyOf(windowScale, n);
        packets = Arrays.copyOf(packets, n);
        payloadBytes = Arrays.copyOf(payloadBytes, n);
        ipBytes = Arrays.copyOf(ipBytes, n);
        retransmits = Arrays.copyOf(retransmits, n);
    }

    /** Resets one endpoint row for a new record (rows are fresh zeroes unless the arrays were reused). */
    void init(final int row, final long now)
    {
        state[row] = TcpState.UNKNOWN;
        stateSince[row] = now;
        facts[row] = 0;
        windowScale[row] = -1;
    }
}
