package io.wirestat.capture.cli;

import io.wirestat.tracker.detect.AlertKind;
import io.wirestat.tracker.detect.DetectorConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Options of the alerts: what to print ({@code --alerts-only}), when to fail ({@code --fail-on}), and every detector
 * threshold, each defaulting to its {@link DetectorConfig} {@code *_DEFAULT} (a test checks they agree). A picocli
 * mixin, as {@link PipelineOptions} is. Not thread safe; filled by picocli, then read once.
 */
public final class DetectorOptions
{
    /** The {@code --fail-on} value that matches every kind. */
    static final String ANY = "any";

    @Option(names = "--alerts-only",
        description = "Print only the alerts: no state counts, connection table or counters (table), or only the "
            + "alert objects (jsonl). For scripts.")
    boolean alertsOnly;

    @Option(names = "--fail-on", paramLabel = "KIND", split = ",",
        description = "Exit with code 4 when an alert of one of these kinds fired (repeatable, comma separated), or "
            + "of any kind with 'any'; for CI jobs gating on a capture. Kinds: stuck_close_wait, half_close_active, "
            + "stuck_fin_wait_2, last_ack_lost, fin_retransmit_in_time_wait, time_wait_pileup, time_wait_reuse, "
            + "syn_unanswered, syn_recv_stuck, syn_flood, peer_gone, rst_after_data, one_directional.")
    List<String> failOn;

    @Option(names = "--close-wait-after", paramLabel = "DURATION", converter = DurationConverter.class,
        defaultValue = "60s",
        description = "CLOSE_WAIT this long, with the endpoint silent as long, is a leak (stuck_close_wait); still "
            + "sending data is a half-close (half_close_active). Default: ${DEFAULT-VALUE}.")
    Duration closeWaitAfter;

    @Option(names = "--close-wait-critical", paramLabel = "N", defaultValue = "100",
        description = "Stuck CLOSE_WAIT connections on one endpoint from which the alert is critical. "
            + "Default: ${DEFAULT-VALUE}.")
    int closeWaitCritical;

    @Option(names = "--fin-wait-2-after", paramLabel = "DURATION", converter = DurationConverter.class,
        defaultValue = "60s",
        description = "FIN_WAIT_2 this long is stuck (stuck_fin_wait_2). Default: ${DEFAULT-VALUE} (Linux's "
            + "net.ipv4.tcp_fin_timeout).")
    Duration finWait2After;

    @Option(names = "--last-ack-retransmits", paramLabel = "N", defaultValue = "2",
        description = "FIN retransmissions in LAST_ACK from which the final ACK is lost (last_ack_lost). "
            + "Default: ${DEFAULT-VALUE}.")
    int lastAckRetransmits;

    @Option(names = "--port-range", paramLabel = "LOW-HIGH", converter = PortRangeConverter.class,
        defaultValue = "32768-60999",
        description = "The clients' ephemeral port range, against which TIME_WAIT per destination is measured "
            + "(time_wait_pileup). Default: ${DEFAULT-VALUE} (Linux's net.ipv4.ip_local_port_range).")
    PortRange portRange;

    @Option(names = "--time-wait-warning", paramLabel = "PERCENT", defaultValue = "50",
        description = "Peak TIME_WAIT per destination, in percent of the port range, from which a pile-up is a "
            + "warning. Default: ${DEFAULT-VALUE}.")
    int timeWaitWarning;

    @Option(names = "--time-wait-critical", paramLabel = "PERCENT", defaultValue = "80",
        description = "Peak TIME_WAIT per destination, in percent of the port range, from which a pile-up is "
            + "critical. Default: ${DEFAULT-VALUE}.")
    int timeWaitCritical;

    @Option(names = "--time-wait-floor", paramLabel = "N", defaultValue = "100",
        description = "Peak TIME_WAIT per destination below which nothing is a pile-up, whatever the port range. "
            + "Default: ${DEFAULT-VALUE}.")
    int timeWaitFloor;

    @Option(names = "--syn-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        defaultValue = "3s",
        description = "A SYN unanswered this long is lost (syn_unanswered). Default: ${DEFAULT-VALUE}.")
    Duration synTimeout;

    @Option(names = "--syn-recv-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        defaultValue = "3s",
        description = "A SYN-ACK unacknowledged this long leaves the server stuck in SYN_RECV (syn_recv_stuck). "
            + "Default: ${DEFAULT-VALUE}.")
    Duration synRecvTimeout;

    @Option(names = "--syn-flood-count", paramLabel = "N", defaultValue = "100",
        description = "Half-open handshakes to one service from which it is a flood (syn_flood). "
            + "Default: ${DEFAULT-VALUE}.")
    int synFloodCount;

    @Option(names = "--syn-flood-sources", paramLabel = "N", defaultValue = "20",
        description = "Distinct source addresses a flood needs. Default: ${DEFAULT-VALUE}.")
    int synFloodSources;

    @Option(names = "--syn-flood-age", paramLabel = "DURATION", converter = DurationConverter.class,
        defaultValue = "1s",
        description = "Age from which a pending handshake counts towards a flood. Default: ${DEFAULT-VALUE}.")
    Duration synFloodAge;

    @Option(names = "--peer-gone-after", paramLabel = "DURATION", converter = DurationConverter.class,
        defaultValue = "30s",
        description = "Silence of a peer, while the other side probes, after which it is gone (peer_gone). "
            + "Default: ${DEFAULT-VALUE}.")
    Duration peerGoneAfter;

    @Option(names = "--peer-gone-probes", paramLabel = "N", defaultValue = "3",
        description = "Unanswered retransmissions or keep-alives a peer_gone alert needs. Default: ${DEFAULT-VALUE}.")
    int peerGoneProbes;

    /**
     * @param timeWaitNanos 2·MSL, as given to the tracker ({@code --time-wait}).
     * @return the detector thresholds these options describe.
     * @throws IllegalArgumentException for inconsistent values (e.g. a warning percent above the critical one).
     */
    DetectorConfig config(final long timeWaitNanos)
    {
        return new DetectorConfig()
            .timeWaitNanos(timeWaitNanos)
            .closeWaitAfterNanos(closeWaitAfter.toNanos())
            .closeWaitCriticalCount(closeWaitCritical)
            .finWait2AfterNanos(finWait2After.toNanos())
            .lastAckRetransmits(lastAckRetransmits)
            .portRange(portRange.low(), portRange.high())
            .timeWaitPercents(timeWaitWarning, timeWaitCritical)
            .timeWaitFloor(timeWaitFloor)
            .synTimeoutNanos(synTimeout.toNanos())
            .synRecvTimeoutNanos(synRecvTimeout.toNanos())
            .synFloodCount(synFloodCount)
            .synFloodSources(synFloodSources)
            .synFloodAgeNanos(synFloodAge.toNanos())
            .peerGoneAfterNanos(peerGoneAfter.toNanos())
            .peerGoneProbes(peerGoneProbes);
    }

    /**
     * @return the kinds {@code --fail-on} names ({@link AlertKind#ALL} for {@code any}), empty when not given.
     * @throws IllegalArgumentException naming an unknown kind.
     */
    Set<String> failOnKinds()
    {
        final Set<String> kinds = new LinkedHashSet<>();
        if (failOn == null)
        {
            return kinds;
        }
        for (final String raw : failOn)
        {
            final String kind = raw.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
            if (ANY.equals(kind))
            {
                kinds.addAll(AlertKind.ALL);
            }
            else if (AlertKind.ALL.contains(kind))
            {
                kinds.add(kind);
            }
            else
            {
                throw new IllegalArgumentException("unknown alert kind for --fail-on: '" + raw + "' (expected: any, " +
                    String.join(", ", AlertKind.ALL) + ")");
            }
        }
        return kinds;
    }

    /**
     * An ephemeral port range, both ends included.
     *
     * @param low  lowest port.
     * @param high highest port.
     */
    public record PortRange(int low, int high)
    {
        @Override
        public String toString()
        {
            return low + "-" + high;
        }
    }

    /** Converts {@code LOW-HIGH} port ranges such as {@code 32768-60999}. Stateless; thread safe. */
    public static final class PortRangeConverter implements CommandLine.ITypeConverter<PortRange>
    {
        @Override
        public PortRange convert(final String value)
        {
            final String[] parts = value.trim().split("\\s*-\\s*");
            if (parts.length != 2 || !parts[0].matches("\\d{1,5}") || !parts[1].matches("\\d{1,5}"))
            {
                throw new CommandLine.TypeConversionException("not a port range: '" + value +
                    "' (expected LOW-HIGH, e.g. 32768-60999)");
            }
            final int low = Integer.parseInt(parts[0]);
            final int high = Integer.parseInt(parts[1]);
            if (low < 1 || high > 65_535 || high < low)
            {
                throw new CommandLine.TypeConversionException("not a port range: '" + value +
                    "' (expected 1 <= LOW <= HIGH <= 65535)");
            }
            return new PortRange(low, high);
        }
    }
}
