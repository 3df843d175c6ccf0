package io.wirestat.bench.pipeline;

import io.wirestat.capture.cli.WirestatCli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The same {@code wirestat} command run several times in one JVM: the first run pays what every real run pays (class
 * loading and initialisation, the interpreter, C1 and C2 compiling the code as it gets hot, deoptimisations); the
 * later ones run code the JIT has already compiled. The difference is what a cold start costs, apart from the work
 * itself, which is how RESULTS.md tells the JIT's share of a whole-process run from the work's.
 * <pre>
 * java -XX:+UseParallelGC -Xmn24m -cp bench/target/benchmarks.jar io.wirestat.bench.pipeline.WarmRuns 5 \
 *     analyze bench/data/large.pcap --format jsonl
 * </pre>
 * Per run it prints the wall time, the time to the first byte of output (for {@code analyze}: the end of the read,
 * since the report is written after the last packet), the rest (the end of the run) and the bytes written, which
 * must be the same in every run. Standard output is counted and thrown away, like {@code >/dev/null}. Use the
 * launcher's GC options (as above) so the runs compare with {@code ./wirestat}'s.
 */
public final class WarmRuns
{
    private WarmRuns()
    {
    }

    /**
     * @param args the number of runs, then the wirestat command line.
     */
    public static void main(final String... args)
    {
        if (args.length < 2)
        {
            System.err.println("usage: WarmRuns RUNS WIRESTAT-ARGS...");
            System.exit(2);
        }
        final int runs = Integer.parseInt(args[0]);
        final String[] command = Arrays.copyOfRange(args, 1, args.length);
        for (int i = 1; i <= runs; i++)
        {
            final Run run = run(command);
            System.err.printf("run %d: %.3f s, first output byte at %.3f s, end of run %.3f s (%.0f %%), %d bytes, "
                    + "exit %d%n", i, run.nanos / 1e9, run.firstByteNanos / 1e9, run.endNanos() / 1e9,
                100.0 * run.endNanos() / run.nanos, run.bytes, run.exit);
            // Start the next run with the last one's tables collected, as a fresh process would have no such heap.
            System.gc();
        }
    }

    /**
     * One run of the command line in this JVM, standard output counted and thrown away.
     *
     * @param command wirestat's arguments.
     * @return what it took.
     */
    static Run run(final String... command)
    {
        final FirstByteSink sink = new FirstByteSink();
        final long start = System.nanoTime();
        final int exit = WirestatCli.run(new PrintStream(sink, false), System.err, command);
        final long end = System.nanoTime();
        final long first = sink.firstNanos == 0 ? end : sink.firstNanos;
        return new Run(end - start, first - start, sink.bytes, exit);
    }

    /**
     * @param nanos          the whole run.
     * @param firstByteNanos from its start to the first byte of output (the whole run if it wrote none).
     * @param bytes          bytes written to standard output.
     * @param exit           its exit code.
     */
    record Run(long nanos, long firstByteNanos, long bytes, int exit)
    {
        long endNanos()
        {
            return nanos - firstByteNanos;
        }
    }

    /** Counts what is written and notes when the first byte came. */
    private static final class FirstByteSink extends OutputStream
    {
        private long firstNanos;
        private long bytes;

        @Override
        public void write(final int b)
        {
            write(null, 0, 1);
        }

        @Override
        public void write(final byte[] b, final int off, final int len)
        {
            if (firstNanos == 0 && len > 0)
            {
                firstNanos = System.nanoTime();
            }
            bytes += len;
        }
    }
}
