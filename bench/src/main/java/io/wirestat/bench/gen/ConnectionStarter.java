package io.wirestat.bench.gen;

/**
 * Starts connections: new ones on fresh 4-tuples, and now and then the same client again on the 4-tuple of one
 * that has ended. Draws what differs from one connection to the next (ISNs, IP IDs, timestamp base, flow labels,
 * round-trip time) and how its script goes (how it ends, a first SYN dropped, how many requests), and schedules
 * its first SYN. The draws come in a fixed order from the model's one random generator. Not thread safe;
 * generator thread only.
 */
final class ConnectionStarter
{
    private static final int MAX_SYN_RETRANSMITS = 4;

    private final TrafficRandom random;
    private final long timeWaitMicros;
    private final ClientAddressPlan addresses = new ClientAddressPlan();

    ConnectionStarter(final TrafficRandom random, final long timeWaitMicros)
    {
        this.random = random;
        this.timeWaitMicros = timeWaitMicros;
    }

    /** @return a connection on a 4-tuple never used before, starting with its SYN at {@code startMicros}. */
    Connection fresh(final long startMicros)
    {
        final Connection c = addresses.nextTuple();
        start(c, startMicros, false);
        return c;
    }

    /**
     * Now and then the same client port comes back to the same server. After a RST both ends are CLOSED, so it
     * may come back soon; after a FIN close it waits out TIME_WAIT (plus a margin), so the old record is CLOSED
     * without doubt by the time the new SYN arrives.
     *
     * @param c             a connection that has just ended.
     * @param now           when it ended, microseconds.
     * @param afterTimeWait it ended by FIN (else by RST).
     * @return the connection coming back on {@code c}'s 4-tuple, to schedule, or null.
     */
    Connection maybeReuse(final Connection c, final long now, final boolean afterTimeWait)
    {
        if (c.generation > 0 || random.nextDouble() >= 0.04)
        {
            return null;
        }
        if (afterTimeWait)
        {
            return reuse(c, now + timeWaitMicros + random.uniform(1_000_000, 5_000_000));
        }
        final Connection c2 = reuse(c, now + random.uniform(200_000, 3_000_000));
        c2.reuseAfterRst = true;
        return c2;
    }

    /** @return a new connection by the same client on the same 4-tuple as {@code old}, starting later. */
    private Connection reuse(final Connection old, final long startMicros)
    {
        final Connection c = ClientAddressPlan.sameTuple(old);
        start(c, startMicros, true);
        return c;
    }

    private void start(final Connection c, final long startMicros, final boolean reuse)
    {
        c.nextTime = startMicros;
        c.phase = Phase.SYN;
        c.clientIsn = random.nextInt();
        c.serverIsn = random.nextInt();
        c.clientIpId = random.nextInt(65_536);
        c.serverIpId = random.nextInt(65_536);
        c.serverTsBase = random.nextInt();
        c.clientFlowLabel = random.nextInt(1 << 20);
        c.serverFlowLabel = random.nextInt(1 << 20);
        c.rttMicros = (int)random.logUniform(300, 150_000);
        c.rtoMicros = 1_000_000;
        c.firstRequest = true;
        final double u = random.nextDouble();
        // A reuse is never left unanswered or refused (u is drawn for it all the same).
        if (!reuse && u < 0.03)
        {
            c.kind = Connection.KIND_UNANSWERED_SYN;
            c.synRetransmitsLeft = 1 + random.nextInt(MAX_SYN_RETRANSMITS);
            return;
        }
        if (!reuse && u < 0.05)
        {
            c.kind = Connection.KIND_REFUSED;
            return;
        }
        final double k = random.nextDouble();
        c.kind = k < 0.62 ? Connection.KIND_CLIENT_FIN
            : k < 0.75 ? Connection.KIND_CLIENT_FIN_3WAY
            : k < 0.87 ? Connection.KIND_SERVER_FIN
            : k < 0.94 ? Connection.KIND_CLIENT_RST
            : Connection.KIND_NEVER_CLOSED;
        // A server whose accept queue overflowed drops the first SYN now and then.
        c.synRetransmitsLeft = random.nextDouble() < 0.01 ? 1 : 0;
        int requests = 1;
        while (requests < 20 && random.nextDouble() < 0.3)
        {
            requests++;
        }
        c.requestsLeft = requests;
    }
}
