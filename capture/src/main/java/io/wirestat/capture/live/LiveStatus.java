package io.wirestat.capture.live;

import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.tracker.TrackerCounter;
import io.wirestat.tracker.decode.SkipReason;
import io.wirestat.tracker.report.ConnectionRecord;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything known at one moment of a live capture: the capture thread's counters (taken when the snapshot request
 * entered the ring), libpcap's counters, and the shards' connections and counters answering that same request, so
 * the figures add up: {@code frames = filtered_out + skipped_* + tcp_segments} and
 * {@code tcp_segments = tracked_segments + ring_overflow}. Immutable once built (the lists are not copied: treat them
 * as read only).
 *
 * @param asOfNanos       wall-clock time the states are reported at.
 * @param startNanos      wall-clock time the capture started.
 * @param frames          packets libpcap handed over.
 * @param filteredOut     packets rejected by a user-space filter (0 live: the filter runs in the kernel).
 * @param decoderCounts   frames by decoder outcome, indexed by {@link SkipReason} (OK = TCP segments).
 * @param ringOverflow    segments dropped because the ring was full.
 * @param pcap            libpcap's counters.
 * @param connections     connection records of every shard, closed ones included, by first packet.
 * @param trackerCounters summed tracker counters, indexed by {@link TrackerCounter}.
 * @param trackerFailures events whose tracking threw.
 * @param writeErrors     packets that could not be written to the {@code -w} file.
 * @param interfaceLost   times the interface went away and came back ({@code --retry}).
 * @param interfaceGapNanos wall-clock time spent without the interface ({@code --retry}).
 * @param connectionEvents connections opened (active, passive), closed and reset so far, by
 *                        {@link io.wirestat.tracker.timeline.StateCensus} event id: the timeline's event columns.
 */
public record LiveStatus(
    long asOfNanos,
    long startNanos,
    long frames,
    long filteredOut,
    long[] decoderCounts,
    long ringOverflow,
    PcapStats pcap,
    List<ConnectionRecord> connections,
    long[] trackerCounters,
    long trackerFailures,
    long writeErrors,
    long interfaceLost,
    long interfaceGapNanos,
    long[] connectionEvents)
{
    /**
     * @param trackers shards' trackers, read on their own thread or after they stopped.
     * @return their connection events summed, by {@link io.wirestat.tracker.timeline.StateCensus} event id.
     */
    static long[] connectionEvents(final Iterable<io.wirestat.tracker.TcpTracker> trackers)
    {
        final long[] events = new long[io.wirestat.tracker.timeline.StateCensus.EVENT_COUNT];
        for (final io.wirestat.tracker.TcpTracker t : trackers)
        {
            for (int e = 0; e < events.length; e++)
            {
                events[e] += t.census().events(e);
            }
        }
        return events;
    }

    /**
     * Sorts connections by first packet, as offline reports are.
     *
     * @param connections to sort in place.
     * @return the same list.
     */
    static List<ConnectionRecord> sorted(final List<ConnectionRecord> connections)
    {
        connections.sort(ConnectionRecord.FIRST_SEEN_ORDER);
        return connections;
    }

    /** @return decoded TCP segments (tracked or dropped by the ring). */
    public long tcpSegments()
    {
        return decoderCounts[SkipReason.OK];
    }

    /** @return segments the shards have applied. */
    public long trackedSegments()
    {
        return trackerCounters[TrackerCounter.SEGMENTS];
    }

    /** @return frames the decoder skipped (not IP, not TCP, fragments, truncated, ...). */
    public long skipped()
    {
        long skipped = 0;
        for (int r = 1; r < SkipReason.COUNT; r++)
        {
            skipped += decoderCounts[r];
        }
        return skipped;
    }

    /** @return records dropped from full flow tables (finished and half-open). */
    public long evictions()
    {
        return trackerCounters[TrackerCounter.EVICTED_FINISHED] + trackerCounters[TrackerCounter.EVICTED_HALF_OPEN];
    }

    /**
     * @return every counter by stable name: the offline ones ({@code frames}, {@code tcp_segments},
     * {@code skipped_<reason>}, tracker counters, {@code tracker_failures}) and the live ones ({@code ring_overflow},
     * {@code tracked_segments}, {@code pcap_received}, {@code pcap_dropped}, {@code pcap_if_dropped}; when not 0,
     * {@code write_errors}, {@code interface_lost} and {@code interface_gap_ms}).
     */
    public Map<String, Long> counters()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("frames", frames);
        if (filteredOut != 0)
        {
            counters.put("filtered_out", filteredOut);
        }
        counters.put("tcp_segments", tcpSegments());
        counters.put("tracked_segments", trackedSegments());
        counters.put("ring_overflow", ringOverflow);
        for (int r = 1; r < SkipReason.COUNT; r++)
        {
            counters.put("skipped_" + SkipReason.name(r), decoderCounts[r]);
        }
        for (int c = 0; c < TrackerCounter.COUNT; c++)
        {
            if (c != TrackerCounter.SEGMENTS)
            {
                counters.put(TrackerCounter.name(c), trackerCounters[c]);
            }
        }
        counters.put("tracker_failures", trackerFailures);
        counters.put("pcap_received", pcap.received());
        counters.put("pcap_dropped", pcap.dropped());
        counters.put("pcap_if_dropped", pcap.ifDropped());
        if (writeErrors != 0)
        {
            counters.put("write_errors", writeErrors);
        }
        if (interfaceLost != 0 || interfaceGapNanos != 0)
        {
            counters.put("interface_lost", interfaceLost);
            counters.put("interface_gap_ms", interfaceGapNanos / 1_000_000L);
        }
        return counters;
    }

    /** @return this status as an {@code analyze}-shaped report, states as of {@link #asOfNanos}. */
    public AnalysisReport toReport()
    {
        return new AnalysisReport(connections, counters(), Collections.emptyList(), startNanos, asOfNanos);
    }
}
