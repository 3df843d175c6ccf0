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
    /** {@link #highestEnd} is valid. */
    static final int HIGHEST_END_KNOWN = 512;

    byte[] state;
    long[] stateSince;
    int[] facts;
    int[] isn;
    /** Next sequence number after everything this endpoint has sent (highest seen). */
    int[] sndNxt;
    int[] finSeq;
    /** Highest sequence end (seq + length, SYN and FIN counting one) sent: Zeek's last_seq, for its T letter. */
    int[] highestEnd;
    /** Highest acknowledgement number this endpoint has sent: its rcv_nxt as far as the wire shows. */
    int[] maxAck;
    /** Last raw window this endpoint advertised (unscaled). */
    int[] window;
    byte[] windowScale;
    long[] packets;
    long[] payloadBytes;
    long[] ipBytes;
    long[] retransmits;
    long[] lastPacket;
    long[] lastPayload;
    long[] timeWaitSince;
    int[] finRetransmits;
    int[] keepalives;
    int[] zeroWindowProbes;
    /** Retransmissions and keep-alives sent since the peer last sent anything. */
    int[] unansweredProbes;
    byte[] rstAfterPeerData;

    EndpointColumns(final int capacity)
    {
        final int n = capacity * 2;
        state = new byte[n];
        stateSince = new long[n];
        facts = new int[n];
        isn = new int[n];
        sndNxt = new int[n];
        finSeq = new int[n];
        highestEnd = new int[n];
        maxAck = new int[n];
        window = new int[n];
        windowScale = new byte[n];
        packets = new long[n];
        payloadBytes = new long[n];
        ipBytes = new long[n];
        retransmits = new long[n];
        lastPacket = new long[n];
        lastPayload = new long[n];
        timeWaitSince = new long[n];
        finRetransmits = new int[n];
        keepalives = new int[n];
        zeroWindowProbes = new int[n];
        unansweredProbes = new int[n];
        rstAfterPeerData = new byte[n];
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
        highestEnd = Arrays.copyOf(highestEnd, n);
        maxAck = Arrays.copyOf(maxAck, n);
        window = Arrays.copyOf(window, n);
        windowScale = Arrays.copyOf(windowScale, n);
        packets = Arrays.copyOf(packets, n);
        payloadBytes = Arrays.copyOf(payloadBytes, n);
        ipBytes = Arrays.copyOf(ipBytes, n);
        retransmits = Arrays.copyOf(retransmits, n);
        lastPacket = Arrays.copyOf(lastPacket, n);
        lastPayload = Arrays.copyOf(lastPayload, n);
        timeWaitSince = Arrays.copyOf(timeWaitSince, n);
        finRetransmits = Arrays.copyOf(finRetransmits, n);
        keepalives = Arrays.copyOf(keepalives, n);
        zeroWindowProbes = Arrays.copyOf(zeroWindowProbes, n);
        unansweredProbes = Arrays.copyOf(unansweredProbes, n);
        rstAfterPeerData = Arrays.copyOf(rstAfterPeerData, n);
    }

    /** Resets one endpoint row for a new record (ids of evicted records are reused). */
    void init(final int row, final long now)
    {
        state[row] = TcpState.UNKNOWN;
        stateSince[row] = now;
        facts[row] = 0;
        windowScale[row] = -1;
        packets[row] = 0;
        payloadBytes[row] = 0;
        ipBytes[row] = 0;
        retransmits[row] = 0;
        lastPacket[row] = EndpointActivity.NEVER;
        lastPayload[row] = EndpointActivity.NEVER;
        timeWaitSince[row] = EndpointActivity.NEVER;
        finRetransmits[row] = 0;
        keepalives[row] = 0;
        zeroWindowProbes[row] = 0;
        unansweredProbes[row] = 0;
        rstAfterPeerData[row] = 0;
    }

    /** @return the row's activity in report form (cold path). */
    EndpointActivity activity(final int row)
    {
        return new EndpointActivity(lastPacket[row], lastPayload[row], finRetransmits[row], keepalives[row],
            zeroWindowProbes[row], unansweredProbes[row], rstAfterPeerData[row] != 0, timeWaitSince[row]);
    }
}
