package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.EndpointActivity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@value AlertKind#TIME_WAIT_PILEUP} and {@value AlertKind#TIME_WAIT_REUSE}.
 * <p>
 * Pile-up: for each path (client address to service address:port) a {@link TimeWaitSweep} over its connections'
 * TIME_WAIT intervals gives the peak and its time; the churn rate is the path's connections per second over the
 * capture. Each TIME_WAIT holds one 4-tuple, and a client has only its ephemeral port range of them per
 * destination, so the peak is compared with the range: a warning from
 * {@link DetectorConfig#timeWaitWarningPercent()}, critical from {@link DetectorConfig#timeWaitCriticalPercent()},
 * and never below {@link DetectorConfig#timeWaitFloor()} connections (an ordinary count is not a pile-up).
 * <p>
 * Reuse: connections whose SYN reused a 4-tuple still in TIME_WAIT, grouped by service. Stateless; thread safe.
 */
final class TimeWaitDetector implements IncrementalDetector
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    @Override
    public Pass start(final long asOfNanos, final DetectorConfig config)
    {
        return new Sweep(asOfNanos, config);
    }

    /**
     * Incremental: per client-host-to-service path a count of connections, and per TIME_WAIT connection one
     * (start, end, client port, path) entry, all in primitive arrays ({@link TimeWaitPaths}); the per-path sweeps and
     * samples are made at the end, and only for the paths with enough TIME_WAIT to pass the floor. (The TIME_WAIT
     * reuse groups keep a bounded few records.)
     */
    private static final class Sweep implements Pass
    {
        // Keyed by values, not by subject strings: this runs over every connection of the capture, and formatting
        // addresses for each of them cost more than the analysis (520 k connections: ~1.5 s). Alerts are sorted
        // later.
        private final TimeWaitPaths paths = new TimeWaitPaths();
        private final AlertGroups reuses;
        private final long asOfNanos;
        private final DetectorConfig config;
        private long firstNanos;

        Sweep(final long asOfNanos, final DetectorConfig config)
        {
            this.asOfNanos = asOfNanos;
            this.config = config;
            this.firstNanos = asOfNanos;
            this.reuses = new AlertGroups(config.samples());
        }

        @Override
        public void accept(final ConnectionRecord record)
        {
            firstNanos = Math.min(firstNanos, record.firstSeenNanos());
            final int path = paths.count(record);
            final long start = TimeWaitSweep.startOf(record);
            if (start != EndpointActivity.NEVER)
            {
                paths.timeWait(path, start, TimeWaitSweep.endOf(record, config.timeWaitNanos(), asOfNanos),
                    record.client().port());
            }
            if (record.reusedTimeWait())
            {
                reuses.add(Subjects.service(record), record, record.firstSeenNanos());
            }
        }

        @Override
        public void finish(final Consumer<Alert> sink)
        {
            final long spanNanos = Math.max(asOfNanos - firstNanos, NANOS_PER_SECOND);
            paths.forEachCandidate(config.timeWaitFloor(), config.samples(), path ->
            {
                final Alert alert = pileUp(path.subject(), path, asOfNanos, spanNanos, config);
                if (alert != null)
                {
                    sink.accept(alert);
                }
            });
            for (final AlertGroups.Group group : reuses.groups())
            {
                final Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("reuses", group.count());
                final String message = Texts.connections(group.count()) + " to " + group.subject() + " reused a " +
                    "4-tuple still in TIME_WAIT: clients cycle through their ports faster than TIME_WAIT expires. " +
                    "Such a SYN is accepted only with a newer sequence number or timestamp, else connect() stalls " +
                    "or is reset; reuse connections (keep-alive, pooling) or widen net.ipv4.ip_local_port_range.";
                sink.accept(new Alert(AlertKind.TIME_WAIT_REUSE, Severity.WARNING, group.subject(), group.count(),
                    group.oldestNanos(), asOfNanos, evidence, group.samples(config.samples()), message));
            }
        }
    }

    private static Alert pileUp(
        final String subject,
        final TimeWaitPaths.Path path,
        final long asOfNanos,
        final long spanNanos,
        final DetectorConfig config)
    {
        if (path.sweep.size() < config.timeWaitFloor())
        {
            return null;
        }
        final TimeWaitSweep.Peak peak = path.sweep.sweep(asOfNanos);
        final long range = config.portRangeSize();
        if (peak.peak() < config.timeWaitFloor() || peak.peak() * 100L < config.timeWaitWarningPercent() * range)
        {
            return null;
        }
        final Severity severity = peak.peak() * 100L >= config.timeWaitCriticalPercent() * range ?
            Severity.CRITICAL : Severity.WARNING;
        final double percent = Math.round(peak.peak() * 1000.0 / range) / 10.0;
        final double churn = Texts.rate(path.connections * (double)NANOS_PER_SECOND / spanNanos);
        final String portRange = config.portRangeLow() + "-" + config.portRangeHigh();
        final Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("peak", peak.peak());
        evidence.put("peak_at", Instant.ofEpochSecond(0, peak.peakAtNanos()).toString());
        evidence.put("time_wait_now", peak.atEnd());
        evidence.put("port_range", portRange);
        evidence.put("percent_of_port_range", percent);
        evidence.put("connections", path.connections);
        evidence.put("churn_per_second", churn);
        final String message = subject + " peaked at " + peak.peak() + " connections in TIME_WAIT (" + percent +
            "% of the " + range + " ephemeral ports " + portRange + "), opening " + churn + " connections/s: the " +
            "client is running out of ports for this destination. Reuse connections (keep-alive, a connection " +
            "pool), set net.ipv4.tcp_tw_reuse=1 on the client, or widen net.ipv4.ip_local_port_range.";
        return new Alert(AlertKind.TIME_WAIT_PILEUP, severity, subject, peak.peak(), path.samples.oldestNanos(),
            asOfNanos, evidence, path.samples(config.samples()), message);
    }

    /**
     * A path's oldest few TIME_WAIT connections, held as primitives: every path of a capture keeps some (80 k paths
     * on the bench's capture), and as connection records they were most of what the young collections had to copy
     * after the last packet. Keeps the same members, in the same order, as an {@link AlertGroups.Group} would
     * (oldest first, ties by the sample's text, which within one path differs only in the client port's digits).
     */
    static final class PathSamples
    {
        private final int limit;
        private long[] since;
        private int[] ports;
        private int held;
        private long oldestNanos = Long.MAX_VALUE;

        PathSamples(final int limit)
        {
            this.limit = limit;
            since = new long[Math.min(limit, 4)];
            ports = new int[since.length];
        }

        void add(final long sinceNanos, final int port)
        {
            oldestNanos = Math.min(oldestNanos, sinceNanos);
            if (held < limit)
            {
                if (held == since.length)
                {
                    since = java.util.Arrays.copyOf(since, Math.min(limit, held * 2));
                    ports = java.util.Arrays.copyOf(ports, since.length);
                }
                since[held] = sinceNanos;
                ports[held++] = port;
                return;
            }
            if (held == 0)
            {
                return;
            }
            int newest = 0;
            for (int i = 1; i < held; i++)
            {
                if (compare(since[i], ports[i], since[newest], ports[newest]) > 0)
                {
                    newest = i;
                }
            }
            if (compare(sinceNanos, port, since[newest], ports[newest]) < 0)
            {
                since[newest] = sinceNanos;
                ports[newest] = port;
            }
        }

        long oldestNanos()
        {
            return oldestNanos;
        }

        /** @return up to {@code limit} ports, oldest first. */
        int[] oldestFirst(final int limit)
        {
            final Integer[] order = new Integer[held];
            for (int i = 0; i < held; i++)
            {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> compare(since[a], ports[a], since[b], ports[b]));
            final int n = Math.min(limit, held);
            final int[] out = new int[n];
            for (int i = 0; i < n; i++)
            {
                out[i] = ports[order[i]];
            }
            return out;
        }

        /** Oldest first; on a tie, the sample text's order, i.e. the ports' decimal spellings compared as text. */
        static int compare(final long sinceA, final int portA, final long sinceB, final int portB)
        {
            final int bySince = Long.compare(sinceA, sinceB);
            return bySince != 0 ? bySince : Integer.toString(portA).compareTo(Integer.toString(portB));
        }
    }
}
