package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.live.HeapBudget;
import io.wirestat.capture.live.LiveOptions;
import io.wirestat.tracker.TrackerConfig;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Options that shape the packet pipeline, shared (as a picocli mixin) by every command that runs it: the capture
 * filter, the number of tracker shards, the ring size and the TIME_WAIT length. Defaults are the
 * {@link AnalysisOptions} and {@link TrackerConfig} defaults. Not thread safe; filled by picocli, then read once.
 */
public final class PipelineOptions
{
    /** The {@code --time-wait} default as written in help; a test checks it equals the tracker's default. */
    static final String TIME_WAIT_DEFAULT = "60s";

    @Option(names = {"-f", "--filter"}, paramLabel = "EXPR",
        description = "tcpdump filter expression (pcap-filter(7) syntax) applied to every frame before tracking, "
            + "e.g. 'tcp port 443' or 'host 10.0.0.1 and not port 22'.")
    String filter;

    @Option(names = "--shards", paramLabel = "N", converter = PowerOfTwoConverter.class,
        description = "Tracker shards (consumer threads behind the ring buffer), a power of 2. Default: "
            + "${DEFAULT-VALUE}.")
    int shards = new AnalysisOptions().shards;

    @Option(names = "--ring-size", paramLabel = "N", converter = PowerOfTwoConverter.class,
        description = "Ring buffer slots between the reader and the shards, a power of 2. Default: ${DEFAULT-VALUE} "
            + "offline; " + LiveOptions.DEFAULT_RING_SIZE + " for live capture, where the ring absorbs bursts.")
    int ringSize = new AnalysisOptions().ringSize;

    @Option(names = "--time-wait", paramLabel = "DURATION", converter = DurationConverter.class,
        defaultValue = TIME_WAIT_DEFAULT,
        description = "How long an active closer stays in TIME_WAIT (2*MSL) in packet time before it is CLOSED, "
            + "e.g. 60s, 2m, 500ms. Default: ${DEFAULT-VALUE} (Linux's TCP_TIMEWAIT_LEN).")
    Duration timeWait;

    /**
     * @param options to fill from these options.
     */
    @Option(names = "--max-connections", paramLabel = "N",
        description = "Connections each tracker shard holds at most. When full, the oldest finished connections "
            + "(closed, TIME_WAIT) are dropped first, then the oldest half-open handshakes, established ones never "
            + "(a new connection is then refused: table_full_drops); each eviction is counted. ./wirestat sizes "
            + "the heap from it; a value the heap cannot hold is refused. Default: ${DEFAULT-VALUE} (about 128 "
            + "bytes each).")
    int maxConnections = TrackerConfig.MAX_CONNECTIONS_DEFAULT;

    @Option(names = "--ignore-vlan",
        description = "Key connections by addresses and ports only, as tshark and Zeek's default do. By default the "
            + "same 4-tuple in two VLANs is two connections (a reply on another VLAN still joins its connection).")
    boolean ignoreVlan;

    void applyTo(final AnalysisOptions options)
    {
        options.tracker.vlanInKey(!ignoreVlan);
        options.tracker.maxConnections(maxConnections);
        options.filter = filter;
        options.shards = shards;
        options.ringSize = ringSize;
        options.tracker.timeWaitNanos(timeWait.toNanos());
    }

    /**
     * A table that cannot fit in the heap must not end in OutOfMemoryError: an explicit --max-connections that does
     * not fit is refused with the figures; the default is lowered to what fits, said once, and the table evicts.
     *
     * @param tracker  the tracker settings to lower the bound in.
     * @param explicit whether --max-connections was given.
     * @param err      where the refusal or the notice goes.
     * @return false (said on err) when the command must stop with a usage error.
     */
    boolean fitsInHeap(final TrackerConfig tracker, final boolean explicit, final PrintWriter err)
    {
        final long maxHeap = Runtime.getRuntime().maxMemory();
        final String tooBig = HeapBudget.check(maxConnections, shards, maxHeap);
        if (tooBig == null)
        {
            return true;
        }
        if (explicit)
        {
            err.println("wirestat: " + tooBig);
            return false;
        }
        final int fitting = HeapBudget.fittingMaxConnections(shards, maxHeap);
        tracker.maxConnections(fitting);
        err.println("wirestat: this JVM may use " + (maxHeap >> 20) + " MiB of heap: holding at most " + fitting
            + " connections per shard (the oldest finished, then half-open ones are evicted and counted); "
            + "--max-connections and more heap raise it");
        return true;
    }
}
