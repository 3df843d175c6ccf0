package io.wirestat.capture.report.html;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.file.CaptureFile;
import io.wirestat.capture.file.CaptureFiles;
import io.wirestat.capture.filter.PacketFilter;
import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.TrackerConfig;
import io.wirestat.tracker.decode.FrameDecoder;
import io.wirestat.tracker.decode.SkipReason;
import io.wirestat.tracker.decode.TcpSegment;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-connection timelines of the alerts' sample connections, from a second pass over the capture: the tracker keeps
 * no history per connection (that would cost every connection memory for the sake of a few), so the files are read
 * again, and only the packets of the sampled 4-tuples go into a small tracker of their own. Connections do not
 * influence each other's states, so that tracker reaches the same states at the same packets; after each packet the
 * endpoints' states are noted when they changed, and the packet becomes a tick (SYN, FIN, RST, retransmission).
 * Standard input cannot be read twice: then there are no timelines and the page says why. Cold path.
 */
public final class SampleTimelines
{
    /** Ticks kept per connection; the states still follow every packet. */
    static final int MAX_TICKS = 2000;

    private SampleTimelines()
    {
    }

    /** One packet of a sampled connection. */
    public record Tick(long nanos, boolean fromServer, int flags, int payload, boolean retransmit)
    {
    }

    /** Both endpoints' states from a time on. */
    public record Change(long nanos, byte client, byte server)
    {
    }

    /** One sampled connection's timeline (the latest connection on the 4-tuple when it was reused). */
    public static final class Sample
    {
        final String label;
        final Endpoint client;
        final Endpoint server;
        final int vlan;
        final List<Tick> ticks = new ArrayList<>();
        final List<Change> changes = new ArrayList<>();
        long packets;
        String history = "";
        private long retransmits;
        private long firstSeen = Long.MIN_VALUE;

        Sample(final String label, final Endpoint client, final Endpoint server, final int vlan)
        {
            this.label = label;
            this.client = client;
            this.server = server;
            this.vlan = vlan;
        }

        /** @return ticks kept. */
        public List<Tick> ticks()
        {
            return ticks;
        }

        /** @return state changes, the first at the first packet. */
        public List<Change> changes()
        {
            return changes;
        }

        /** @return packets of the connection (ticks beyond {@link #MAX_TICKS} are not kept). */
        public long packets()
        {
            return packets;
        }

        /** @return the Zeek history string as of the report. */
        public String history()
        {
            return history;
        }

        boolean matches(final TcpSegment s, final boolean vlanInKey)
        {
            if (vlanInKey && s.vlan != vlan)
            {
                return false;
            }
            return is(s.srcHi, s.srcLo, s.srcPort, client) && is(s.dstHi, s.dstLo, s.dstPort, server) ||
                is(s.srcHi, s.srcLo, s.srcPort, server) && is(s.dstHi, s.dstLo, s.dstPort, client);
        }

        boolean matches(final ConnectionRecord r)
        {
            return r.client().equals(client) && r.server().equals(server) && r.vlan() == vlan;
        }

        private static boolean is(final long hi, final long lo, final int port, final Endpoint e)
        {
            return lo == e.lo() && hi == e.hi() && port == e.port();
        }
    }

    /**
     * @param samples   the alerts' samples, {@code client -> server} with an optional {@code vlan N}.
     * @param options   the analysis's files, filter and tracker settings.
     * @param asOfNanos the report's time: the last states are as of it.
     * @return timelines by sample text; empty when the input was standard input.
     * @throws IOException if a file cannot be read again.
     */
    public static Map<String, Sample> collect(
        final List<String> samples, final AnalysisOptions options, final long asOfNanos) throws IOException
    {
        final Map<String, Sample> byLabel = new LinkedHashMap<>();
        for (final String text : samples)
        {
            final Sample sample = parse(text);
            if (sample != null)
            {
                byLabel.putIfAbsent(text, sample);
            }
        }
        if (byLabel.isEmpty() || options.files.stream().anyMatch(CaptureFiles::isStandardInput))
        {
            return byLabel.isEmpty() ? byLabel : Map.of();
        }
        final List<Sample> all = new ArrayList<>(byLabel.values());
        final boolean[] ports = new boolean[65536];
        for (final Sample s : all)
        {
            ports[s.client.port()] = true;
            ports[s.server.port()] = true;
        }
        final TrackerConfig config = new TrackerConfig().timeWaitNanos(options.tracker.timeWaitNanos())
            .vlanInKey(options.tracker.vlanInKey());
        final TcpTracker tracker = new TcpTracker(config);
        final PacketFilter filter = PacketFilter.compile(options.filter);
        final FrameDecoder decoder = new FrameDecoder();
        final TcpSegment segment = new TcpSegment();
        for (final Path path : options.files)
        {
            try (CaptureFile file = CaptureFiles.open(path))
            {
                file.readAll((buffer, offset, captured, wire, nanos, linkType) ->
                {
                    if (filter.accept(buffer, offset, captured, wire, linkType) &&
                        decoder.decode(buffer, offset, captured, wire, linkType, segment) == SkipReason.OK &&
                        ports[segment.srcPort] && ports[segment.dstPort])
                    {
                        segment.timestampNanos = nanos;
                        for (final Sample s : all)
                        {
                            if (s.matches(segment, config.vlanInKey()))
                            {
                                tracker.onSegment(segment);
                                observe(tracker, s, segment);
                                break;
                            }
                        }
                    }
                });
            }
        }
        for (final Sample s : all)
        {
            final ConnectionRecord last = latest(tracker, s, asOfNanos);
            if (last != null)
            {
                s.history = last.history();
                note(s, asOfNanos, last);
            }
        }
        return byLabel;
    }

    private static void observe(final TcpTracker tracker, final Sample s, final TcpSegment segment)
    {
        final ConnectionRecord r = latest(tracker, s, segment.timestampNanos);
        if (r == null)
        {
            return;
        }
        if (r.firstSeenNanos() != s.firstSeen)
        {
            // A new connection on the 4-tuple (port reuse): its timeline starts over.
            s.firstSeen = r.firstSeenNanos();
            s.ticks.clear();
            s.changes.clear();
            s.packets = 0;
            s.retransmits = 0;
        }
        final long retransmits = r.synRetransmits() + r.clientRetransmits() + r.serverRetransmits();
        s.packets++;
        if (s.ticks.size() < MAX_TICKS)
        {
            s.ticks.add(new Tick(segment.timestampNanos, !s.client.equals(endpoint(segment)), segment.flags,
                segment.payloadLength, retransmits > s.retransmits));
        }
        s.retransmits = retransmits;
        note(s, segment.timestampNanos, r);
    }

    private static Endpoint endpoint(final TcpSegment segment)
    {
        return new Endpoint(segment.srcHi, segment.srcLo, segment.srcPort);
    }

    /**
     * Notes the record's states if they changed, dated when each side entered its new state (its state-since): for
     * TIME_WAIT's end that is when 2·MSL ran out, between packets, not the packet that found it.
     */
    private static void note(final Sample s, final long nanos, final ConnectionRecord r)
    {
        final Change last = s.changes.isEmpty() ? null : s.changes.get(s.changes.size() - 1);
        if (last == null)
        {
            s.changes.add(new Change(nanos, r.clientState(), r.serverState()));
            return;
        }
        final boolean client = last.client() != r.clientState();
        final boolean server = last.server() != r.serverState();
        if (!client && !server)
        {
            return;
        }
        final long clientAt = Math.max(last.nanos(), Math.min(nanos, r.clientStateSinceNanos()));
        final long serverAt = Math.max(last.nanos(), Math.min(nanos, r.serverStateSinceNanos()));
        if (client && server && clientAt != serverAt)
        {
            final boolean clientFirst = clientAt < serverAt;
            s.changes.add(clientFirst ? new Change(clientAt, r.clientState(), last.server()) :
                new Change(serverAt, last.client(), r.serverState()));
            s.changes.add(new Change(Math.max(clientAt, serverAt), r.clientState(), r.serverState()));
            return;
        }
        s.changes.add(new Change(client ? clientAt : serverAt, r.clientState(), r.serverState()));
    }

    private static ConnectionRecord latest(final TcpTracker tracker, final Sample s, final long asOfNanos)
    {
        final ConnectionRecord[] found = new ConnectionRecord[1];
        tracker.snapshot(asOfNanos, r ->
        {
            if (s.matches(r) && (found[0] == null || r.firstSeenNanos() >= found[0].firstSeenNanos()))
            {
                found[0] = r;
            }
        });
        return found[0];
    }

    /** @return the sample's 4-tuple, or null if the text is not one. */
    static Sample parse(final String text)
    {
        final String[] parts = text.split(" -> ");
        if (parts.length != 2)
        {
            return null;
        }
        String right = parts[1];
        int vlan = 0;
        final int v = right.indexOf(" vlan ");
        if (v >= 0)
        {
            vlan = Integer.parseInt(right.substring(v + 6).trim());
            right = right.substring(0, v);
        }
        final Endpoint client = endpoint(parts[0].trim());
        final Endpoint server = endpoint(right.trim());
        return client == null || server == null ? null : new Sample(text, client, server, vlan);
    }

    private static Endpoint endpoint(final String text)
    {
        final int colon = text.lastIndexOf(':');
        if (colon <= 0)
        {
            return null;
        }
        String address = text.substring(0, colon);
        if (address.startsWith("[") && address.endsWith("]"))
        {
            address = address.substring(1, address.length() - 1);
        }
        try
        {
            return Endpoint.parse(address, Integer.parseInt(text.substring(colon + 1)));
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }
}
