package io.wirestat.bench.gen;

import java.nio.file.Path;

/**
 * What {@link CaptureGenerator} should produce. Plain mutable settings, filled by {@link #parse} or by code, then
 * read once by one generator run; the file, packet target, seed, rate and summary switch are the ones
 * {@link CommonOptions} holds for both generators.
 */
public final class GeneratorOptions extends CommonOptions
{
    /** 10 M packets: the size the throughput harness measures at. */
    public static final long PACKETS_DEFAULT = 10_000_000L;
    /** 520 k connection records (above the 500 k the harness asks for). */
    public static final long CONNECTIONS_DEFAULT = 520_000L;
    /** Seed of the default file, bench/data/large.pcap. */
    public static final long SEED_DEFAULT = 42L;
    /** A busy server's rate: ~80 k packets per second of capture time. */
    public static final double PACKETS_PER_SECOND_DEFAULT = 80_000.0;
    /** {@code tcpdump -s 96}: every header fits, the payload is cut. */
    public static final int SNAP_LENGTH_DEFAULT = 96;
    /** Linux's TIME_WAIT length, the tracker's default. */
    public static final long TIME_WAIT_SECONDS_DEFAULT = 60L;
    /** 2024-06-03T12:00:00Z: a fixed start keeps files identical across runs. */
    public static final long START_EPOCH_SECONDS_DEFAULT = 1_717_416_000L;

    /** Generation stops once at least {@link #packets} packets are out and this many connections have started. */
    public long connections = CONNECTIONS_DEFAULT;
    /** Snap length: captured length = min(wire length, snap length); at least 96 so headers always fit. */
    public int snapLength = SNAP_LENGTH_DEFAULT;
    /** TIME_WAIT length assumed by the ground truth (the tracker's --time-wait). */
    public long timeWaitSeconds = TIME_WAIT_SECONDS_DEFAULT;
    /** Timestamp of the first packet, seconds since the epoch. */
    public long startEpochSeconds = START_EPOCH_SECONDS_DEFAULT;
    /** Also write FILE.connections.tsv: the expected state of every connection record (keeps them all in memory). */
    public boolean connectionsTruth;
    /** While parsing: --scale, by which both targets are multiplied once every option is read. */
    private double scale = 1.0;

    /**
     * The defaults above; {@link #packetsPerSecond} is the average capture rate aimed at, which sets the connection
     * arrival rate.
     */
    public GeneratorOptions()
    {
        super(PACKETS_DEFAULT, SEED_DEFAULT, PACKETS_PER_SECOND_DEFAULT);
    }

    /** @return usage text for the command line. */
    public static String usage()
    {
        return String.join(System.lineSeparator(),
            "usage: CaptureGenerator [-o FILE] [--packets N] [--connections N] [--scale F] [--seed N]",
            "                        [--pps N] [--snaplen N] [--time-wait-seconds N] [--connections-truth] [--quiet]",
            "  -o, --output FILE       pcap to write (default bench/data/large.pcap); truth goes to FILE.truth.tsv",
            "  --packets N             at least N packets (default " + PACKETS_DEFAULT + ")",
            "  --connections N         at least N connections (default " + CONNECTIONS_DEFAULT + ")",
            "  --scale F               multiply both targets by F (e.g. 0.01 for a quick file)",
            "  --seed N                random seed (default " + SEED_DEFAULT + "); same seed, same bytes",
            "  --pps N                 average packets per second of capture time (default 80000)",
            "  --snaplen N             snap length (default 96)",
            "  --time-wait-seconds N   TIME_WAIT length the truth assumes (default 60)",
            "  --connections-truth     also write FILE.connections.tsv, one expected record per connection",
            "  --quiet                 no summary");
    }

    /**
     * @param args command-line arguments.
     * @return the options.
     * @throws IllegalArgumentException on an unknown option or a bad value (message says which).
     */
    public static GeneratorOptions parse(final String... args)
    {
        final GeneratorOptions o = new GeneratorOptions();
        o.output = Path.of("bench", "data", "large.pcap");
        o.read(args);
        o.packets = Math.max(1, Math.round(o.packets * o.scale));
        o.connections = Math.max(1, Math.round(o.connections * o.scale));
        if (o.snapLength < 96 || o.packetsPerSecond <= 0)
        {
            throw new IllegalArgumentException(
                "need --snaplen >= 96 (headers must fit) and --pps > 0, snaplen=" + o.snapLength);
        }
        return o;
    }

    @Override
    boolean readOption(final String option, final OptionReader in)
    {
        switch (option)
        {
            case "--connections" -> connections = in.longValue();
            case "--scale" -> scale = in.doubleValue();
            case "--snaplen" -> snapLength = in.intValue();
            case "--time-wait-seconds" -> timeWaitSeconds = in.longValue();
            case "--connections-truth" -> connectionsTruth = true;
            default ->
            {
                return false;
            }
        }
        return true;
    }
}
