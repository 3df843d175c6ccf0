package io.wirestat.bench.tracker;

import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.TrackerConfig;
import io.wirestat.tracker.TrackerCounter;
import io.wirestat.tracker.decode.TcpSegment;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Arrays;

/**
 * Heap bytes per tracked connection: puts N established connections (SYN, SYN-ACK, ACK each) into one
 * {@link TcpTracker} and compares used heap after full GCs before and after; repeats with fresh trackers and
 * reports the median. The tracker starts at the default capacity, so table growth slack is included (as in
 * production); {@code --presize} starts it large enough instead.
 * <p>
 * Run alone, with a heap big enough and nothing else in the JVM:
 * {@code java -Xmx4g -cp bench/target/benchmarks.jar io.wirestat.bench.tracker.ConnectionFootprint 1000000}.
 * Single threaded.
 */
public final class ConnectionFootprint
{
    private static final int GC_ROUNDS = 4;

    private ConnectionFootprint()
    {
    }

    /**
     * @param args {@code [connections (default 1000000)] [repeats (default 5)] [--presize]}.
     * @throws InterruptedException if interrupted while letting the GC settle.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        int connections = 1_000_000;
        int repeats = 5;
        boolean presize = false;
        int positional = 0;
        for (final String a : args)
        {
            if ("--presize".equals(a))
            {
                presize = true;
            }
            else if (positional++ == 0)
            {
                connections = Integer.parseInt(a);
            }
            else
            {
                repeats = Integer.parseInt(a);
            }
        }

        final double[] perConnection = new double[repeats];
        final TcpSegment scratch = new TcpSegment();
        for (int r = 0; r < repeats; r++)
        {
            final long before = usedHeapAfterGc();
            // The default cap (2 Mi connections per shard) would evict past it: lift it to what is fed.
            final TrackerConfig config = new TrackerConfig().maxConnections(Math.max(connections,
                TrackerConfig.MAX_CONNECTIONS_DEFAULT));
            if (presize)
            {
                config.initialCapacity(Integer.highestOneBit(connections * 2 - 1) << 1);
            }
            final TcpTracker tracker = new TcpTracker(config);
            SyntheticHandshakes.establish(tracker, connections, 1_717_416_000_000_000_000L, scratch);
            final long after = usedHeapAfterGc();
            final long tracked = tracker.counter(TrackerCounter.CONNECTIONS);
            Reference.reachabilityFence(tracker);
            perConnection[r] = (after - before) / (double)connections;
            System.out.printf("run %d: %,d connections (tracker counted %,d): %,d -> %,d heap bytes, %.1f B/conn%n",
                r + 1, connections, tracked, before, after, perConnection[r]);
            if (tracked != connections)
            {
                System.out.println("WARNING: the tracker did not count every connection (still a stub?): " +
                    "the number below does not describe a working tracker");
            }
        }
        final double[] sorted = perConnection.clone();
        Arrays.sort(sorted);
        System.out.printf("median heap per tracked connection: %.1f bytes (%d runs, %,d connections, %s)%n",
            sorted[repeats / 2], repeats, connections, presize ? "presized table" : "default initial capacity");
    }

    private static long usedHeapAfterGc() throws InterruptedException
    {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < GC_ROUNDS; i++)
        {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
