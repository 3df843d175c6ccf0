package io.wirestat.bench.gen;

/**
 * What {@link FloodGenerator} should produce. Plain mutable settings, filled by {@link #parse} or by code, then read
 * once by one generator run; the file, flood packet count, seed, rate and summary switch are the ones
 * {@link CommonOptions} holds for both generators.
 */
public final class FloodOptions extends CommonOptions
{
    /** Each flood source sends one SYN and nothing answers (hping3 --flood -S, or a server that dropped them). */
    public static final String MODE_SYN = "syn";
    /** Each flood source completes a handshake, sends one request, is acknowledged, and never closes. */
    public static final String MODE_ESTABLISHED = "established";

    /** The size: at least 10 M packets. */
    public static final long PACKETS_DEFAULT = 10_000_000L;
    /** Capture-time rate of the flood: 100 k packets per second (a modest flood, 10 µs apart). */
    public static final double PACKETS_PER_SECOND_DEFAULT = 100_000.0;
    /** Connections that finished before the flood (client-first close): evicted first. */
    public static final int FINISHED_DEFAULT = 50;
    /** Idle ESTABLISHED connections opened before the flood: never evicted. */
    public static final int ESTABLISHED_DEFAULT = 50;
    /** The real connection exchanges a request and a response every this many flood packets. */
    public static final long EXCHANGE_EVERY_DEFAULT = 1_000_000L;
    /** Capture time between the flood's last packet and the real connection's close (half-opens age past 1 s). */
    public static final long QUIET_AFTER_MICROS_DEFAULT = 2_000_000L;
    /** 2024-06-03T12:00:00Z, as the capture generator: files are identical across runs. */
    public static final long START_EPOCH_SECONDS_DEFAULT = 1_717_416_000L;

    /** {@link #MODE_SYN} or {@link #MODE_ESTABLISHED}. */
    public String mode = MODE_SYN;
    public int finished = FINISHED_DEFAULT;
    public int established = ESTABLISHED_DEFAULT;
    public long exchangeEvery = EXCHANGE_EVERY_DEFAULT;
    public long quietAfterMicros = QUIET_AFTER_MICROS_DEFAULT;
    public long startEpochSeconds = START_EPOCH_SECONDS_DEFAULT;

    /**
     * The defaults above; {@link #packets} counts flood packets only (the real and the earlier connections' few
     * packets come on top), and {@link #seed} (42) drives the sources' permutation and the flood's ports and ISNs.
     */
    public FloodOptions()
    {
        super(PACKETS_DEFAULT, 42L, PACKETS_PER_SECOND_DEFAULT);
    }

    /** @return usage text for the command line. */
    public static String usage()
    {
        return String.join(System.lineSeparator(),
            "usage: FloodGenerator -o FILE [--mode syn|established] [--packets N] [--seed N] [--pps N]",
            "                      [--finished N] [--established N] [--exchange-every N] [--quiet]",
            "  -o, --output FILE     pcap to write",
            "  --mode syn            one SYN from each of N distinct random sources, never answered (default)",
            "  --mode established    N/4 flows from distinct random sources: handshake, one request, its ACK; never",
            "                        closed",
            "  --packets N           flood packets (default " + PACKETS_DEFAULT + ")",
            "  --seed N              random seed (default 42); same options, same bytes",
            "  --pps N               flood packets per second of capture time (default 100000)",
            "  --finished N          connections closed before the flood (default " + FINISHED_DEFAULT + ")",
            "  --established N       idle ESTABLISHED connections opened before it (default " + ESTABLISHED_DEFAULT
                + ")",
            "  --exchange-every N    the real connection's request/response every N flood packets (default "
                + EXCHANGE_EVERY_DEFAULT + ")",
            "  --quiet               no summary");
    }

    /**
     * @param args command-line arguments.
     * @return the options.
     * @throws IllegalArgumentException on an unknown option or a bad value (message says which).
     */
    public static FloodOptions parse(final String... args)
    {
        final FloodOptions o = new FloodOptions();
        o.read(args);
        o.validate();
        return o;
    }

    /** @throws IllegalArgumentException naming the bad value. */
    void validate()
    {
        if (output == null)
        {
            throw new IllegalArgumentException("-o FILE is required");
        }
        if (!MODE_SYN.equals(mode) && !MODE_ESTABLISHED.equals(mode))
        {
            throw new IllegalArgumentException("--mode must be syn or established, mode=" + mode);
        }
        if (packets < 1 || packets > FloodGenerator.MAX_SOURCES * FloodGenerator.packetsPerFlow(mode))
        {
            throw new IllegalArgumentException("--packets must be 1.." +
                FloodGenerator.MAX_SOURCES * FloodGenerator.packetsPerFlow(mode) + " (one source address each " +
                "flow, in 10.0.0.0/8), packets=" + packets);
        }
        if (packetsPerSecond <= 0 || finished < 0 || established < 0 || finished + established > 60_000 ||
            exchangeEvery < 1)
        {
            throw new IllegalArgumentException("need --pps > 0, --exchange-every >= 1, and 0 <= --finished + " +
                "--established <= 60000, pps=" + packetsPerSecond + " finished=" + finished + " established=" +
                established + " exchange-every=" + exchangeEvery);
        }
    }

    @Override
    boolean readOption(final String option, final OptionReader in)
    {
        switch (option)
        {
            case "--mode" -> mode = in.value();
            case "--finished" -> finished = in.intValue();
            case "--established" -> established = in.intValue();
            case "--exchange-every" -> exchangeEvery = in.longValue();
            default ->
            {
                return false;
            }
        }
        return true;
    }
}
