package io.wirestat.capture.live;

/**
 * How much Java heap a tracker bounded by {@code --max-connections} needs, so that a full table degrades by eviction
 * and never by {@code OutOfMemoryError}. One small formula, shared with the {@code ./wirestat} launcher (which sizes
 * {@code -Xmx} with the same constants; {@code HeapBudgetTest} checks they agree):
 * <pre>
 *   heap = BASE_BYTES + shards * slots * (BYTES_PER_CONNECTION * HEADROOM + REPORT_BYTES_PER_CONNECTION)
 *   slots = --max-connections rounded up to a power of two (the flow table grows by doubling)
 * </pre>
 * {@code HEADROOM} 2 covers the table's growth (old and new arrays both live while it doubles: 1.5) and the records
 * a snapshot builds for the view. {@link #REPORT_BYTES_PER_CONNECTION} is what the report pass holds per record on
 * top: the first-seen ordering arrays and the detectors' per-source and per-path tables, which in a table full of
 * distinct sources (a SYN flood at the bound) grow with every record. Stateless; thread safe.
 */
public final class HeapBudget
{
    /** Heap bytes a tracked connection costs in the flow table (bench/RESULTS.md, "Heap bytes per connection"). */
    public static final long BYTES_PER_CONNECTION = 128;
    /** Table growth and snapshot records on top of the table itself. */
    public static final long HEADROOM = 2;
    /**
     * The report pass per record (bench/RESULTS.md, "Bounded under a flood": 16.8 M distinct SYN sources at
     * {@code --max-connections 16777216} peaked at 4.3 GB live, 2.1 GB of it the table: about 130 B a record, half
     * of it inside the headroom).
     */
    public static final long REPORT_BYTES_PER_CONNECTION = 64;
    /** Everything that does not grow with the table: classes, the ring, buffers, the JIT's data. */
    public static final long BASE_BYTES = 256L << 20;

    private HeapBudget()
    {
    }

    /**
     * @param maxConnections connections per shard.
     * @param shards         tracker shards.
     * @return heap bytes the capture may need.
     */
    public static long requiredBytes(final int maxConnections, final int shards)
    {
        return BASE_BYTES + shards * slots(maxConnections) * perSlot();
    }

    /**
     * @param shards   tracker shards.
     * @param maxHeap  the JVM's maximum heap ({@code Runtime.maxMemory()}).
     * @return the largest {@code --max-connections} (a power of two) that fits, at least 1024.
     */
    public static int fittingMaxConnections(final int shards, final long maxHeap)
    {
        final long perShard = Math.max(maxHeap - BASE_BYTES, 0) / (shards * perSlot());
        final long fitting = Long.highestOneBit(Math.max(perShard, 1024));
        return (int)Math.min(fitting, 1 << 30);
    }

    /**
     * @param maxConnections connections per shard.
     * @param shards         tracker shards.
     * @param maxHeap        the JVM's maximum heap.
     * @return null if it fits, else a message with the figures and what to do.
     */
    public static String check(final int maxConnections, final int shards, final long maxHeap)
    {
        final long required = requiredBytes(maxConnections, shards);
        // Runtime.maxMemory() reports a little less than -Xmx (G1 leaves a survivor region out): 1/16 of slack, so
        // the launcher's exact -Xmx passes.
        if (required <= maxHeap + maxHeap / 16)
        {
            return null;
        }
        return String.format("--max-connections %d with %d shard(s) needs about %d MiB of heap (%d table slots x (%d "
                + "B x %d + %d B) per shard, + %d MiB), but this JVM may use %d MiB: lower --max-connections "
                + "(at most %d fits), or give Java more heap (./wirestat sizes -Xmx from --max-connections; "
                + "WIRESTAT_HEAP=8g sets it; with java -jar, pass -Xmx).",
            maxConnections, shards, required >> 20, slots(maxConnections), BYTES_PER_CONNECTION, HEADROOM,
            REPORT_BYTES_PER_CONNECTION, BASE_BYTES >> 20, maxHeap >> 20, fittingMaxConnections(shards, maxHeap));
    }

    private static long perSlot()
    {
        return BYTES_PER_CONNECTION * HEADROOM + REPORT_BYTES_PER_CONNECTION;
    }

    private static long slots(final int maxConnections)
    {
        final long n = Math.max(maxConnections, 1);
        return Long.bitCount(n) == 1 ? n : Long.highestOneBit(n) << 1;
    }
}
