package io.wirestat.bench.gen;

import java.nio.file.Path;

/**
 * What a {@link FloodGenerator} file holds: its packet and flow counts, when each flood flow starts, and the real
 * connection's endpoints, packet counts and the states both its endpoints are in at the end of the capture
 * (client FIN_WAIT_2, server CLOSE_WAIT: the client's FIN is acknowledged, the server has not closed). Immutable.
 */
public final class FloodCapture
{
    /** The real connection's endpoints, as wirestat writes them. */
    public static final String REAL_CLIENT = "192.0.2.10:40000";
    public static final String REAL_SERVER = "198.51.100.80:8080";
    public static final String REAL_CLIENT_STATE = "FIN_WAIT_2";
    public static final String REAL_SERVER_STATE = "CLOSE_WAIT";
    /** The flooded service (syn_flood's subject). */
    public static final String SERVICE = REAL_SERVER;
    /** Source addresses of the connections made before the flood. */
    public static final String FINISHED_CLIENT = "192.0.2.20";
    public static final String IDLE_CLIENT = "192.0.2.30";

    public final Path file;
    public final String mode;
    /** Every packet in the file. */
    public final long packets;
    public final long floodPackets;
    public final long floodFlows;
    public final int finished;
    public final int established;
    public final long seed;
    public final long gapMicros;
    public final long floodStartMicros;
    public final long realClientPackets;
    public final long realServerPackets;
    public final long realClientBytes;
    public final long realServerBytes;

    FloodCapture(
        final Path file, final FloodOptions options, final long packets, final long floodPackets,
        final long floodFlows, final long gapMicros, final long floodStartMicros, final long realClientPackets,
        final long realServerPackets, final long realClientBytes, final long realServerBytes)
    {
        this.file = file;
        this.mode = options.mode;
        this.packets = packets;
        this.floodPackets = floodPackets;
        this.floodFlows = floodFlows;
        this.finished = options.finished;
        this.established = options.established;
        this.seed = options.seed;
        this.gapMicros = gapMicros;
        this.floodStartMicros = floodStartMicros;
        this.realClientPackets = realClientPackets;
        this.realServerPackets = realServerPackets;
        this.realClientBytes = realClientBytes;
        this.realServerBytes = realServerBytes;
    }

    /** @return every connection in the file: the real one, the earlier ones and the flood's. */
    public long connections()
    {
        return 1L + finished + established + floodFlows;
    }

    /**
     * @param j a flood flow's index (0 is the first).
     * @return its first packet's timestamp, µs since the epoch.
     */
    public long flowStartMicros(final long j)
    {
        return floodStartMicros + j * FloodGenerator.packetsPerFlow(mode) * gapMicros;
    }

    /**
     * @param j a flood flow's index.
     * @return its client endpoint, as wirestat writes it ({@code 10.a.b.c:port}).
     */
    public String floodClient(final long j)
    {
        return FloodGenerator.floodClient(seed, j);
    }

    /**
     * @param wallSeconds how long generating took.
     * @return a few lines for a person.
     */
    public String summary(final double wallSeconds)
    {
        return String.format("wrote %s: %,d packets (%s flood: %,d packets, %,d flows from distinct sources in "
                + "10.0.0.0/8 to %s, one every %d us); before it %d finished and %d idle established connections "
                + "and the real connection %s -> %s (%d/%d packets), which ends %s/%s%ngenerated in %.2f s%n",
            file, packets, mode, floodPackets, floodFlows, SERVICE, gapMicros * FloodGenerator.packetsPerFlow(mode),
            finished, established, REAL_CLIENT, REAL_SERVER, realClientPackets, realServerPackets,
            REAL_CLIENT_STATE, REAL_SERVER_STATE, wallSeconds);
    }
}
