package io.wirestat.bench.gen;

import io.wirestat.tracker.TrackerCounter;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.state.TcpState;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the generator knows the tracker should report: the (client, server) state pair of every connection as of
 * the last packet, tallied as a 12 x 12 matrix and kept current on every state change, plus the tracker counters
 * the capture implies. States follow docs/state-model.md; TIME_WAIT entered at least the TIME_WAIT length before
 * the last packet is counted CLOSED. Not thread safe; generator thread only.
 */
public final class GroundTruth
{
    private final long[] pairs = new long[TcpState.COUNT * TcpState.COUNT];
    private final long[] kinds = new long[Connection.KIND_COUNT];
    /** Entry times (µs) and sides of finished connections left in TIME_WAIT, to expire at the end. */
    private long[] timeWaitSince = new long[1 << 12];
    private boolean[] timeWaitClient = new boolean[1 << 12];
    private int timeWaitCount;

    long packets;
    long connections;
    long ipv6Connections;
    long portReuses;
    long portReusesAfterRst;
    long portReusesAfterTimeWait;
    long synRetransmits;
    long clientPackets;
    long serverPackets;
    long firstMicros = Long.MIN_VALUE;
    long lastMicros = Long.MIN_VALUE;
    private boolean finished;

    /** Every connection record, kept only when per-connection truth was asked for (~200 B each). */
    private final List<Connection> records;

    GroundTruth(final boolean keepConnections)
    {
        records = keepConnections ? new ArrayList<>() : null;
    }

    void onNewConnection(final Connection c)
    {
        c.recordNumber = connections + 1;
        if (records != null)
        {
            records.add(c);
        }
        c.clientState = TcpState.SYN_SENT;
        // A server that has not answered the SYN has no socket for it: CLOSED, as ss shows and wirestat reports.
        c.serverState = TcpState.CLOSED;
        pairs[pair(c.clientState, c.serverState)]++;
        kinds[c.kind]++;
        connections++;
        if (c.ipv6)
        {
            ipv6Connections++;
        }
    }

    void setStates(final Connection c, final byte clientState, final byte serverState)
    {
        pairs[pair(c.clientState, c.serverState)]--;
        pairs[pair(clientState, serverState)]++;
        c.clientState = clientState;
        c.serverState = serverState;
    }

    /** Remembers a finished connection left in TIME_WAIT on one side, to be expired by {@link #finish}. */
    void onTimeWait(final Connection c, final boolean clientSide, final long sinceMicros)
    {
        c.timeWaitSinceMicros = sinceMicros;
        if (timeWaitCount == timeWaitSince.length)
        {
            timeWaitSince = Arrays.copyOf(timeWaitSince, timeWaitCount * 2);
            timeWaitClient = Arrays.copyOf(timeWaitClient, timeWaitCount * 2);
        }
        timeWaitSince[timeWaitCount] = sinceMicros;
        timeWaitClient[timeWaitCount] = clientSide;
        timeWaitCount++;
    }

    /**
     * Reports TIME_WAITs that have lasted the full length by the last packet as CLOSED. Call once, at the end.
     *
     * @param timeWaitMicros TIME_WAIT length (2·MSL), as the tracker is configured.
     */
    void finish(final long timeWaitMicros)
    {
        if (finished)
        {
            return;
        }
        finished = true;
        for (int i = 0; i < timeWaitCount; i++)
        {
            if (lastMicros - timeWaitSince[i] >= timeWaitMicros)
            {
                final boolean client = timeWaitClient[i];
                pairs[client ? pair(TcpState.TIME_WAIT, TcpState.CLOSED) : pair(TcpState.CLOSED, TcpState.TIME_WAIT)]--;
                pairs[pair(TcpState.CLOSED, TcpState.CLOSED)]++;
            }
        }
    }

    /** @return connections whose client (or server) is in {@code state}, as of the last packet. */
    public long clientStateCount(final int state)
    {
        long n = 0;
        for (int s = 0; s < TcpState.COUNT; s++)
        {
            n += pairs[pair(state, s)];
        }
        return n;
    }

    /** @return connections whose server is in {@code state}, as of the last packet. */
    public long serverStateCount(final int state)
    {
        long n = 0;
        for (int cs = 0; cs < TcpState.COUNT; cs++)
        {
            n += pairs[pair(cs, state)];
        }
        return n;
    }

    /** @return connections with exactly this (client, server) state pair. */
    public long pairCount(final int clientState, final int serverState)
    {
        return pairs[pair(clientState, serverState)];
    }

    /** @return the expected value of a {@link TrackerCounter} after the whole capture. */
    public long expectedCounter(final int counterId)
    {
        switch (counterId)
        {
            case TrackerCounter.SEGMENTS: return packets;
            case TrackerCounter.CONNECTIONS: return connections;
            case TrackerCounter.PORT_REUSES: return portReuses;
            case TrackerCounter.SYN_RETRANSMITS: return synRetransmits;
            default: return 0;
        }
    }

    /** @return packets generated. */
    public long packets()
    {
        return packets;
    }

    /** @return connection records (a reused 4-tuple counts again). */
    public long connections()
    {
        return connections;
    }

    /** @return timestamp of the first packet, microseconds since the epoch. */
    public long firstMicros()
    {
        return firstMicros;
    }

    /** @return timestamp of the last packet, microseconds since the epoch. */
    public long lastMicros()
    {
        return lastMicros;
    }

    /**
     * Writes the truth as tab-separated {@code section, name, value} lines (cold path).
     *
     * @param path           file to write.
     * @param timeWaitMicros the TIME_WAIT length the state counts assume.
     * @param seed           generator seed, for the record.
     * @throws IOException if the file cannot be written.
     */
    void write(final Path path, final long timeWaitMicros, final long seed) throws IOException
    {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8)))
        {
            w.println("# wirestat CaptureGenerator ground truth; states per docs/state-model.md as of the last packet");
            w.println("# TIME_WAIT entered >= time_wait_us before the last packet is counted CLOSED");
            w.println("section\tname\tvalue");
            w.println("summary\tseed\t" + seed);
            w.println("summary\tpackets\t" + packets);
            w.println("summary\tclient_packets\t" + clientPackets);
            w.println("summary\tserver_packets\t" + serverPackets);
            w.println("summary\tconnections\t" + connections);
            w.println("summary\tipv6_connections\t" + ipv6Connections);
            w.println("summary\tport_reuses_after_rst\t" + portReusesAfterRst);
            w.println("summary\tport_reuses_after_time_wait_expiry\t" + portReusesAfterTimeWait);
            w.println("summary\tfirst_ts_us\t" + firstMicros);
            w.println("summary\tlast_ts_us\t" + lastMicros);
            w.println("summary\ttime_wait_us\t" + timeWaitMicros);
            for (int k = 0; k < Connection.KIND_COUNT; k++)
            {
                w.println("kind\t" + Connection.KIND_NAMES[k] + "\t" + kinds[k]);
            }
            for (int id = 0; id < TrackerCounter.COUNT; id++)
            {
                w.println("counter\t" + TrackerCounter.name(id) + "\t" + expectedCounter(id));
            }
            for (int s = 0; s < TcpState.COUNT; s++)
            {
                w.println("client_state\t" + TcpState.name(s) + "\t" + clientStateCount(s));
            }
            for (int s = 0; s < TcpState.COUNT; s++)
            {
                w.println("server_state\t" + TcpState.name(s) + "\t" + serverStateCount(s));
            }
            for (int cs = 0; cs < TcpState.COUNT; cs++)
            {
                for (int ss = 0; ss < TcpState.COUNT; ss++)
                {
                    final long n = pairs[pair(cs, ss)];
                    if (n != 0)
                    {
                        w.println("pair\t" + TcpState.name(cs) + "/" + TcpState.name(ss) + "\t" + n);
                    }
                }
            }
        }
    }

    /**
     * Writes one line per connection record, in order of first packet: what the tracker should report for it
     * (cold path). Only available when the truth was built to keep connections.
     *
     * @param path           file to write.
     * @param timeWaitMicros the TIME_WAIT length the states assume.
     * @throws IOException if the file cannot be written.
     */
    void writeConnections(final Path path, final long timeWaitMicros) throws IOException
    {
        if (records == null)
        {
            throw new IllegalStateException("per-connection truth was not kept");
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8)))
        {
            w.println("record\tclient\tserver\tkind\tclient_state\tserver_state\tfirst_ts_us\tlast_ts_us\t" +
                "client_packets\tserver_packets\tclient_bytes\tserver_bytes");
            for (final Connection c : records)
            {
                final boolean expired = c.timeWaitSinceMicros >= 0 && lastMicros - c.timeWaitSinceMicros >= timeWaitMicros;
                final int cs = expired && c.clientState == TcpState.TIME_WAIT ? TcpState.CLOSED : c.clientState;
                final int ss = expired && c.serverState == TcpState.TIME_WAIT ? TcpState.CLOSED : c.serverState;
                w.println(c.recordNumber + "\t" + new Endpoint(c.clientHi, c.clientLo, c.clientPort) + "\t" +
                    new Endpoint(c.serverHi, c.serverLo, c.serverPort) + "\t" + Connection.KIND_NAMES[c.kind] + "\t" +
                    TcpState.name(cs) + "\t" + TcpState.name(ss) + "\t" + c.firstMicros + "\t" + c.lastMicros + "\t" +
                    c.clientPackets + "\t" + c.serverPackets + "\t" + c.clientBytes + "\t" + c.serverBytes);
            }
        }
    }

    private static int pair(final int clientState, final int serverState)
    {
        return clientState * TcpState.COUNT + serverState;
    }
}
