package io.wirestat.bench.gen;

import java.nio.file.Path;

/**
 * The settings {@link GeneratorOptions} and {@link FloodOptions} have in common, and the command-line parsing they
 * share: this reads -o/--output, --packets, --seed, --pps and --quiet, in the order given, and hands any other
 * option to the command ({@link #readOption}), so an option both commands take is parsed in one place. Defaults,
 * checks and usage text stay each command's own. Plain mutable settings, like the commands'.
 */
abstract class CommonOptions
{
    /** File to write (CaptureGenerator: null to generate into a {@link PacketSink} only). */
    public Path output;
    /** CaptureGenerator: generation stops once at least this many packets are out; FloodGenerator: flood packets. */
    public long packets;
    /** Random seed: the same seed and options give the same bytes. */
    public long seed;
    /** Packets per second of capture time: the average aimed at, or the flood's rate. */
    public double packetsPerSecond;
    /** Print the summary to standard output. */
    public boolean verbose = true;

    CommonOptions(final long packets, final long seed, final double packetsPerSecond)
    {
        this.packets = packets;
        this.seed = seed;
        this.packetsPerSecond = packetsPerSecond;
    }

    /**
     * Reads a command line into these settings.
     *
     * @param args command-line arguments.
     * @throws IllegalArgumentException on an unknown option or a bad value (message says which).
     */
    final void read(final String[] args)
    {
        final OptionReader in = new OptionReader(args);
        while (in.hasNext())
        {
            final String option = in.nextOption();
            switch (option)
            {
                case "-o", "--output" -> output = in.pathValue();
                case "--packets" -> packets = in.longValue();
                case "--seed" -> seed = in.longValue();
                case "--pps" -> packetsPerSecond = in.doubleValue();
                case "--quiet" -> verbose = false;
                default ->
                {
                    if (!readOption(option, in))
                    {
                        throw in.unknownOption();
                    }
                }
            }
        }
    }

    /**
     * Reads one of the command's own options, and its value from {@code in} if it takes one.
     *
     * @param option the option, as typed.
     * @param in     the rest of the command line.
     * @return false if the command has no such option.
     */
    abstract boolean readOption(String option, OptionReader in);
}
