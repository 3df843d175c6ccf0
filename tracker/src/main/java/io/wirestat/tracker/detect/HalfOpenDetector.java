package io.wirestat.tracker.detect;

import io.wirestat.tracker.flow.FlowHash;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Handshakes that do not complete, grouped by service (the server endpoint):
 * <ul>
 *   <li>{@value AlertKind#SYN_UNANSWERED}: the client is in SYN_SENT and the server sent nothing for longer than
 *       {@link DetectorConfig#synTimeoutNanos()}: a black hole, a filter, or a host down.</li>
 *   <li>{@value AlertKind#SYN_RECV_STUCK}: the server is in SYN_RECV, its SYN-ACK unacknowledged for longer than
 *       {@link DetectorConfig#synRecvTimeoutNanos()}.</li>
 *   <li>{@value AlertKind#SYN_FLOOD}: at least {@link DetectorConfig#synFloodCount()} handshakes pending for
 *       {@link DetectorConfig#synFloodAgeNanos()} to one service, from at least
 *       {@link DetectorConfig#synFloodSources()} addresses. Critical; it replaces the two alerts above for that
 *       service, which would only repeat it.</li>
 * </ul>
 * A connection of which the capture holds one direction only ({@link OneDirectional}) is never half-open.
 * Stateless; thread safe.
 */
final class HalfOpenDetector implements IncrementalDetector
{
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final double NANOS_PER_SECOND = 1e9;

    @Override
    public boolean concerns(final ConnectionRecord record)
    {
        return record.clientState() == TcpState.SYN_SENT || record.serverState() == TcpState.SYN_RECV;
    }

    /**
     * Incremental, with aggregates per service only (counts, oldest, bounded samples, retransmissions, the set of
     * source addresses as primitives): a SYN flood makes every record half-open, and holding them all for the end
     * (as the default pass does) took ~780 B a connection after the last packet, several times what the table does.
     */
    @Override
    public Pass start(final long asOfNanos, final DetectorConfig config)
    {
        return new Walk(asOfNanos, config);
    }

    private static final class Walk implements Pass
    {
        private final long asOfNanos;
        private final DetectorConfig config;
        private final Map<String, Unanswered> unanswered = new TreeMap<>();
        private final Map<String, AlertGroups.Group> synRecv = new TreeMap<>();
        private final Map<String, Flood> floods = new TreeMap<>();

        Walk(final long asOfNanos, final DetectorConfig config)
        {
            this.asOfNanos = asOfNanos;
            this.config = config;
        }

        @Override
        public void accept(final ConnectionRecord record)
        {
            // Most records are not half-open: the test stays small, and what a half-open record costs (subjects,
            // maps, groups) is a method of its own, compiled apart from this one.
            if (record.clientState() == TcpState.SYN_SENT || record.serverState() == TcpState.SYN_RECV)
            {
                halfOpen(record);
            }
        }

        private void halfOpen(final ConnectionRecord record)
        {
            final boolean synSent = record.clientState() == TcpState.SYN_SENT;
            if (OneDirectional.is(record))
            {
                return;
            }
            // An unanswered SYN (the client's, no packet back), or the server's SYN_RECV; anything else is not ours.
            final boolean unansweredSyn = synSent && record.serverPackets() == 0;
            if (!unansweredSyn && record.serverState() != TcpState.SYN_RECV)
            {
                return;
            }
            final long since = unansweredSyn ? record.clientStateSinceNanos() : record.serverStateSinceNanos();
            final boolean timedOut =
                asOfNanos - since >= (unansweredSyn ? config.synTimeoutNanos() : config.synRecvTimeoutNanos());
            final boolean flood = asOfNanos - since >= config.synFloodAgeNanos();
            if (!timedOut && !flood)
            {
                return;
            }
            // The service's name is made once a record, however many groups the record joins: formatting it is most
            // of what a half-open record costs.
            final String service = Subjects.service(record);
            if (timedOut && unansweredSyn)
            {
                unanswered.computeIfAbsent(service, s -> new Unanswered(s, config.samples())).add(record, since);
            }
            else if (timedOut)
            {
                synRecv.computeIfAbsent(service, s -> new AlertGroups.Group(s, config.samples())).add(record, since);
            }
            if (flood)
            {
                floods.computeIfAbsent(service, s -> new Flood(config.samples())).add(record, since);
            }
        }

        @Override
        public void finish(final Consumer<Alert> sink)
        {
            final Set<String> flooded = new HashSet<>();
            for (final Map.Entry<String, Flood> e : floods.entrySet())
            {
                final Flood flood = e.getValue();
                if (flood.group.count() >= config.synFloodCount() && flood.sources.size() >= config.synFloodSources())
                {
                    flooded.add(e.getKey());
                    sink.accept(flood(e.getKey(), flood, asOfNanos, config));
                }
            }
            for (final Unanswered u : unanswered.values())
            {
                if (!flooded.contains(u.group.subject()))
                {
                    sink.accept(unanswered(u, asOfNanos, config));
                }
            }
            for (final AlertGroups.Group group : synRecv.values())
            {
                if (!flooded.contains(group.subject()))
                {
                    sink.accept(synRecv(group, asOfNanos, config));
                }
            }
        }
    }

    private static Alert unanswered(final Unanswered u, final long asOfNanos, final DetectorConfig config)
    {
        final AlertGroups.Group group = u.group;
        final long retransmits = u.retransmits;
        final Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("syns", group.count());
        evidence.put("syn_retransmits", retransmits);
        evidence.put("sources", u.sources.size());
        final String message = Texts.connections(group.count()) + " to " + group.subject() + " got no answer to " +
            "their SYN for up to " + Texts.duration(asOfNanos - group.oldestNanos()) + " (" +
            Texts.plural(retransmits, "retransmission") + "): nothing reaches the service or nothing comes back. " +
            "A black hole, a firewall dropping, or the host down; check routes and filters.";
        return new Alert(AlertKind.SYN_UNANSWERED, Severity.WARNING, group.subject(), group.count(),
            group.oldestNanos(), asOfNanos, evidence, group.samples(config.samples()), message);
    }

    private static Alert synRecv(final AlertGroups.Group group, final long asOfNanos, final DetectorConfig config)
    {
        final Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("syn_recv", group.count());
        final String message = group.subject() + " answered " + group.count() + " SYN" +
            (group.count() == 1 ? " with a SYN-ACK" : "s with SYN-ACKs") + " never acknowledged for up to " +
            Texts.duration(asOfNanos - group.oldestNanos()) + ": the clients' ACKs do not arrive (a filter or " +
            "asymmetric route on the return path) or the SYNs were spoofed.";
        return new Alert(AlertKind.SYN_RECV_STUCK, Severity.WARNING, group.subject(), group.count(),
            group.oldestNanos(), asOfNanos, evidence, group.samples(config.samples()), message);
    }

    private static Alert flood(
        final String subject, final Flood flood, final long asOfNanos, final DetectorConfig config)
    {
        final long spanNanos = Math.max(flood.lastNanos - flood.group.oldestNanos(), NANOS_PER_MILLI);
        final double rate = Texts.rate(flood.group.count() * NANOS_PER_SECOND / spanNanos);
        final Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("half_open", flood.group.count());
        evidence.put("syn_recv", flood.synRecv);
        evidence.put("unanswered", flood.group.count() - flood.synRecv);
        evidence.put("sources", flood.sources.size());
        evidence.put("rate_per_second", rate);
        final String message = subject + " has " + flood.group.count() + " half-open handshakes from " +
            flood.sources.size() + " addresses, arriving at " + rate + " SYNs/s: a SYN flood. Make sure " +
            "net.ipv4.tcp_syncookies is on, raise tcp_max_syn_backlog, and filter upstream.";
        return new Alert(AlertKind.SYN_FLOOD, Severity.CRITICAL, subject, flood.group.count(),
            flood.group.oldestNanos(), asOfNanos, evidence, flood.group.samples(config.samples()), message);
    }

    /** Unanswered SYNs to one service: how many, the oldest few, their retransmissions and sources. */
    private static final class Unanswered
    {
        final AlertGroups.Group group;
        final AddressSet sources = new AddressSet();
        long retransmits;

        Unanswered(final String subject, final int samples)
        {
            group = new AlertGroups.Group(subject, samples);
        }

        void add(final ConnectionRecord record, final long sinceNanos)
        {
            group.add(record, sinceNanos);
            retransmits += record.synRetransmits();
            sources.add(record.client().hi(), record.client().lo());
        }
    }

    /** Half-open handshakes to one service. */
    private static final class Flood
    {
        final AlertGroups.Group group;
        final AddressSet sources = new AddressSet();
        long lastNanos = Long.MIN_VALUE;
        int synRecv;

        Flood(final int samples)
        {
            group = new AlertGroups.Group("", samples);
        }

        void add(final ConnectionRecord record, final long sinceNanos)
        {
            group.add(record, sinceNanos);
            sources.add(record.client().hi(), record.client().lo());
            lastNanos = Math.max(lastNanos, sinceNanos);
            if (record.serverState() == TcpState.SYN_RECV)
            {
                synRecv++;
            }
        }
    }

    /** Distinct 128-bit addresses, open addressing over two long arrays: 32 B or less per address, no object each. */
    static final class AddressSet
    {
        private long[] his = new long[16];
        private long[] los = new long[16];
        private boolean[] used = new boolean[16];
        private int size;

        void add(final long hi, final long lo)
        {
            int mask = his.length - 1;
            int slot = hash(hi, lo) & mask;
            while (used[slot])
            {
                if (his[slot] == hi && los[slot] == lo)
                {
                    return;
                }
                slot = (slot + 1) & mask;
            }
            used[slot] = true;
            his[slot] = hi;
            los[slot] = lo;
            if (++size * 2 > his.length)
            {
                grow();
            }
        }

        int size()
        {
            return size;
        }

        private void grow()
        {
            final long[] oldHi = his;
            final long[] oldLo = los;
            final boolean[] oldUsed = used;
            his = new long[oldHi.length * 2];
            los = new long[his.length];
            used = new boolean[his.length];
            final int mask = his.length - 1;
            for (int i = 0; i < oldHi.length; i++)
            {
                if (oldUsed[i])
                {
                    int slot = hash(oldHi[i], oldLo[i]) & mask;
                    while (used[slot])
                    {
                        slot = (slot + 1) & mask;
                    }
                    used[slot] = true;
                    his[slot] = oldHi[i];
                    los[slot] = oldLo[i];
                }
            }
        }

        private static int hash(final long hi, final long lo)
        {
            return (int)FlowHash.mix(FlowHash.mix(hi) ^ lo);
        }
    }
}
