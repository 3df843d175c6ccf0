package io.wirestat.tracker.detect;

import io.wirestat.tracker.flow.FlowHash;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import io.wirestat.tracker.report.EndpointActivity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
final class TimeWaitDetector implements Detector
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    @Override
    public void detect(
        final List<ConnectionRecord> connections,
        final long asOfNanos,
        final DetectorConfig config,
        final Consumer<Alert> sink)
    {
        final Pass pass = start(asOfNanos, config);
        for (final ConnectionRecord record : connections)
        {
            pass.accept(record);
        }
        pass.finish(sink);
    }

    @Override
    public Pass start(final long asOfNanos, final DetectorConfig config)
    {
        return new Sweep(asOfNanos, config);
    }

    /**
     * Incremental: per client-host-to-service path a count of connections, and per TIME_WAIT connection one
     * (start, end, client port, path) entry, all in primitive arrays ({@link PathTable}); the per-path sweeps and
     * samples are made at the end, and only for the paths with enough TIME_WAIT to pass the floor. (The TIME_WAIT
     * reuse groups keep a bounded few records.)
     */
    private static final class Sweep implements Pass
    {
        // Keyed by values, not by subject strings: this runs over every connection of the capture, and formatting
        // addresses for each of them cost more than the analysis (520 k connections: ~1.5 s). Alerts are sorted
        // later.
        private final PathTable paths = new PathTable();
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
        final Path path,
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
     * The paths by client host, VLAN and service, and their TIME_WAIT connections, all in primitive arrays: it is
     * asked once for every connection of the capture (80 k paths and 400 k TIME_WAIT connections on the bench's
     * capture), and following a path object, its key's endpoint, its sweep and its samples cost a cache miss each
     * per connection. Paths are found by open addressing over their index (linear probing, 0 = empty).
     */
    static final class PathTable
    {
        private int[] slots = new int[1024];
        private long[] clientHi = new long[256];
        private long[] clientLo = new long[256];
        private long[] serverHi = new long[256];
        private long[] serverLo = new long[256];
        /** Server port in the upper 16 bits, the VLAN's lower 16 in the rest: one compare that rejects most probes. */
        private int[] portVlan = new int[256];
        private int[] vlan = new int[256];
        private long[] connections = new long[256];
        private int paths;
        // One entry per TIME_WAIT connection, in the order seen.
        private long[] starts = new long[1024];
        private long[] ends = new long[1024];
        private int[] ports = new int[1024];
        private int[] pathOf = new int[1024];
        private int entries;

        /** Counts a connection on its path. @return the path's index. */
        int count(final ConnectionRecord record)
        {
            final Endpoint client = record.client();
            final Endpoint server = record.server();
            final int path = find(client.hi(), client.lo(), record.vlan(), server.hi(), server.lo(), server.port());
            connections[path]++;
            return path;
        }

        /** Adds a TIME_WAIT connection of a path: its interval {@code [start, end)} (may be empty) and port. */
        void timeWait(final int path, final long start, final long end, final int clientPort)
        {
            if (entries == starts.length)
            {
                final int n = entries * 2;
                starts = Arrays.copyOf(starts, n);
                ends = Arrays.copyOf(ends, n);
                ports = Arrays.copyOf(ports, n);
                pathOf = Arrays.copyOf(pathOf, n);
            }
            starts[entries] = start;
            ends[entries] = end;
            ports[entries] = clientPort;
            pathOf[entries++] = path;
        }

        /**
         * Hands each path with at least {@code floor} non-empty TIME_WAIT intervals, in the order the paths were
         * first seen, as a {@link Path} with its sweep and samples filled (the others cannot alert).
         */
        void forEachCandidate(final int floor, final int samples, final Consumer<Path> consumer)
        {
            // Group the entries by path (a counting sort: arrival order kept within a path).
            final int[] first = new int[paths + 1];
            final int[] nonEmpty = new int[paths];
            for (int i = 0; i < entries; i++)
            {
                first[pathOf[i] + 1]++;
                if (ends[i] > starts[i])
                {
                    nonEmpty[pathOf[i]]++;
                }
            }
            for (int p = 0; p < paths; p++)
            {
                first[p + 1] += first[p];
            }
            final int[] next = Arrays.copyOf(first, paths);
            final int[] byPath = new int[entries];
            for (int i = 0; i < entries; i++)
            {
                byPath[next[pathOf[i]]++] = i;
            }
            for (int p = 0; p < paths; p++)
            {
                if (nonEmpty[p] < floor)
                {
                    continue;
                }
                final Path path = new Path(clientHi[p], clientLo[p], vlan[p],
                    new Endpoint(serverHi[p], serverLo[p], portVlan[p] >>> 16), samples, connections[p]);
                for (int k = first[p]; k < first[p + 1]; k++)
                {
                    final int e = byPath[k];
                    path.sweep.add(starts[e], ends[e]);
                    path.samples.add(starts[e], ports[e]);
                }
                consumer.accept(path);
            }
        }

        private int find(
            final long cHi, final long cLo, final int vl, final long sHi, final long sLo, final int sPort)
        {
            final int key = sPort << 16 | (vl & 0xFFFF);
            final int mask = slots.length - 1;
            int slot = hash(cHi, cLo, vl, sHi, sLo, sPort) & mask;
            int entry;
            while ((entry = slots[slot]) != 0)
            {
                final int p = entry - 1;
                if (clientLo[p] == cLo && serverLo[p] == sLo && portVlan[p] == key && clientHi[p] == cHi &&
                    serverHi[p] == sHi && vlan[p] == vl)
                {
                    return p;
                }
                slot = (slot + 1) & mask;
            }
            final int p = add(cHi, cLo, vl, sHi, sLo, key);
            slots[slot] = p + 1;
            if (paths * 2 > slots.length)
            {
                grow();
            }
            return p;
        }

        private int add(final long cHi, final long cLo, final int vl, final long sHi, final long sLo, final int key)
        {
            if (paths == clientHi.length)
            {
                final int n = paths * 2;
                clientHi = Arrays.copyOf(clientHi, n);
                clientLo = Arrays.copyOf(clientLo, n);
                serverHi = Arrays.copyOf(serverHi, n);
                serverLo = Arrays.copyOf(serverLo, n);
                portVlan = Arrays.copyOf(portVlan, n);
                vlan = Arrays.copyOf(vlan, n);
                connections = Arrays.copyOf(connections, n);
            }
            clientHi[paths] = cHi;
            clientLo[paths] = cLo;
            serverHi[paths] = sHi;
            serverLo[paths] = sLo;
            portVlan[paths] = key;
            vlan[paths] = vl;
            return paths++;
        }

        private void grow()
        {
            slots = new int[slots.length * 2];
            final int mask = slots.length - 1;
            for (int p = 0; p < paths; p++)
            {
                int slot = hash(clientHi[p], clientLo[p], vlan[p], serverHi[p], serverLo[p], portVlan[p] >>> 16) &
                    mask;
                while (slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = p + 1;
            }
        }

        /** IPv4-mapped addresses are long runs of equal bits: mix them, or the table clusters. */
        private static int hash(
            final long cHi, final long cLo, final int vl, final long sHi, final long sLo, final int sPort)
        {
            final long client = FlowHash.mix(FlowHash.mix(cHi) ^ cLo);
            final long service = FlowHash.mix(FlowHash.mix(sHi) ^ sLo) ^ ((long)sPort << 32 | vl);
            return (int)FlowHash.mix(client ^ service * 0x9E3779B97F4A7C15L);
        }
    }

    /**
     * One client-to-service path that may alert, made at the end from the {@link PathTable}'s entries. Most paths
     * of a busy capture never alert: the subject text is made only for the ones that do.
     */
    private static final class Path
    {
        final TimeWaitSweep sweep = new TimeWaitSweep();
        final long clientHi;
        final long clientLo;
        final int vlan;
        final Endpoint server;
        /** The path's oldest TIME_WAIT connections, by client port (the rest of the 4-tuple is the path's). */
        final PathSamples samples;
        final long connections;

        Path(final long clientHi, final long clientLo, final int vlan, final Endpoint server, final int samples,
            final long connections)
        {
            this.clientHi = clientHi;
            this.clientLo = clientLo;
            this.vlan = vlan;
            this.server = server;
            this.samples = new PathSamples(samples);
            this.connections = connections;
        }

        /** Subjects.clientToService of any record on the path: the client's host (its port does not show). */
        String subject()
        {
            return Subjects.host(new Endpoint(clientHi, clientLo, 0)) + Subjects.ARROW + server;
        }

        /** @return the samples as Subjects.sample spells them, oldest first. */
        List<String> samples(final int limit)
        {
            final int[] ports = samples.oldestFirst(limit);
            final String host = Subjects.host(new Endpoint(clientHi, clientLo, 0)) + ":";
            final String rest = Subjects.ARROW + server + (vlan == 0 ? "" : " vlan " + vlan);
            final List<String> out = new ArrayList<>(ports.length);
            for (final int port : ports)
            {
                out.add(host + port + rest);
            }
            return List.copyOf(out);
        }
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
