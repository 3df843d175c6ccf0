package io.wirestat.tracker.state;

import java.util.Arrays;

/**
 * Samples the timing of complete, unrepeated handshakes (SYN, SYN-ACK, ACK, each once) to infer the capture point
 * ({@link CapturePoint}). Fed once per connection at its first SYN-ACK and at the client's ACK of it; keeps the
 * first {@link #CAPACITY} samples and then stops listening. Allocation free after construction.
 * <p>
 * Not thread safe; owned by one shard thread. {@link #merge} and {@link #capturePoint} are cold.
 */
public final class HandshakeTiming
{
    /** Handshakes kept. */
    public static final int CAPACITY = 1024;
    /** A side is named only when its turnaround is this many times shorter than the other side's. */
    private static final double RATIO = 1.25;
    /**
     * ... and at least this much shorter: a round trip is longer than any host's turnaround. Two sides that both
     * answer within microseconds (namespaces on one machine, a switch between neighbours) cannot be told apart.
     */
    private static final long MIN_GAP_NANOS = 100_000L;
    private static final int PENDING = 64;
    private static final int NONE = -1;

    private final int[] pendingId = new int[PENDING];
    private final long[] pendingSyn = new long[PENDING];
    private final long[] pendingSynAck = new long[PENDING];
    private final long[] serverTurn = new long[CAPACITY];
    private final long[] clientTurn = new long[CAPACITY];
    private int samples;
    private CapturePoint assumed;
    /** The inference from this shard's samples, kept until a new sample arrives (records ask once each). */
    private CapturePoint inferred;
    private int inferredFrom = -1;

    public HandshakeTiming()
    {
        Arrays.fill(pendingId, NONE);
    }

    /** @return true while samples are wanted (the caller may skip both calls otherwise). */
    public boolean sampling()
    {
        return samples < CAPACITY;
    }

    /**
     * The first SYN-ACK of a connection whose single SYN was seen.
     *
     * @param id          the connection's record id.
     * @param synNanos    when the SYN was seen.
     * @param synAckNanos now.
     */
    public void synAck(final int id, final long synNanos, final long synAckNanos)
    {
        final int slot = id & (PENDING - 1);
        pendingId[slot] = id;
        pendingSyn[slot] = synNanos;
        pendingSynAck[slot] = synAckNanos;
    }

    /**
     * The client's first ACK of the SYN-ACK.
     *
     * @param id       the connection's record id.
     * @param ackNanos now.
     */
    public void ack(final int id, final long ackNanos)
    {
        final int slot = id & (PENDING - 1);
        if (pendingId[slot] != id || samples >= CAPACITY)
        {
            return;
        }
        pendingId[slot] = NONE;
        serverTurn[samples] = pendingSynAck[slot] - pendingSyn[slot];
        clientTurn[samples] = ackNanos - pendingSynAck[slot];
        samples++;
    }

    /**
     * @param others the other shards' timings.
     * @return the capture point all the samples together show.
     */
    public static CapturePoint merge(final Iterable<HandshakeTiming> others)
    {
        int n = 0;
        for (final HandshakeTiming t : others)
        {
            n += t.samples;
        }
        final long[] server = new long[n];
        final long[] client = new long[n];
        int k = 0;
        for (final HandshakeTiming t : others)
        {
            System.arraycopy(t.serverTurn, 0, server, k, t.samples);
            System.arraycopy(t.clientTurn, 0, client, k, t.samples);
            k += t.samples;
        }
        return infer(server, client, n);
    }

    /**
     * Makes every record built from now on use this capture point (the merge of every shard's samples), so that
     * the choice of likely states does not depend on how connections were spread over shards.
     *
     * @param point the capture point to assume.
     */
    public void assume(final CapturePoint point)
    {
        assumed = point;
    }

    /** @return the assumed capture point, or the one this shard's own samples show. Cold path. */
    public CapturePoint capturePoint()
    {
        if (assumed != null)
        {
            return assumed;
        }
        if (inferredFrom != samples)
        {
            inferred = infer(serverTurn, clientTurn, samples);
            inferredFrom = samples;
        }
        return inferred;
    }

    private static CapturePoint infer(final long[] serverTurn, final long[] clientTurn, final int n)
    {
        if (n == 0)
        {
            return CapturePoint.NONE;
        }
        int nearClient = 0;
        int nearServer = 0;
        for (int i = 0; i < n; i++)
        {
            if (serverTurn[i] > RATIO * clientTurn[i] && serverTurn[i] - clientTurn[i] >= MIN_GAP_NANOS)
            {
                nearClient++;
            }
            else if (clientTurn[i] > RATIO * serverTurn[i] && clientTurn[i] - serverTurn[i] >= MIN_GAP_NANOS)
            {
                nearServer++;
            }
        }
        final long serverMedian = median(serverTurn, n);
        final long clientMedian = median(clientTurn, n);
        final String side;
        final int agree;
        if (nearClient * 3 >= n * 2)
        {
            side = CapturePoint.CLIENT;
            agree = nearClient;
        }
        else if (nearServer * 3 >= n * 2)
        {
            side = CapturePoint.SERVER;
            agree = nearServer;
        }
        else
        {
            side = CapturePoint.UNKNOWN;
            agree = 0;
        }
        final String counted = n + " handshake" + (n == 1 ? "" : "s");
        final String basis = (side.equals(CapturePoint.UNKNOWN) ? "in " + counted + " neither side answered a round " +
            "trip sooner" : agree + " of " + counted + " answered a round trip sooner by the " + side) +
            ": SYN to SYN-ACK median " + micros(serverMedian) + ", SYN-ACK to ACK median " + micros(clientMedian);
        return new CapturePoint(side, basis);
    }

    private static long median(final long[] values, final int n)
    {
        final long[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy);
        return copy[n / 2];
    }

    private static String micros(final long nanos)
    {
        return nanos >= 10_000_000L ? nanos / 1_000_000L + " ms" : nanos / 1_000L + " us";
    }
}
