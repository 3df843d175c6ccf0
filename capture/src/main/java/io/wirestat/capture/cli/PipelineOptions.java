package io.wirestat.capture.cli;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.live.LiveOptions;
import io.wirestat.tracker.TrackerConfig;
import picocli.CommandLine.Option;

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
            + "(closed, TIME_WAIT) are dropped first, then the oldest half-open ones; each eviction is counted. "
            + "Default: ${DEFAULT-VALUE} (about 300 bytes each).")
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
}
