package io.wirestat.capture.live;

import io.wirestat.capture.analysis.SegmentPublisher;
import io.wirestat.capture.pipeline.SnapshotRequest;
import io.wirestat.tracker.TrackerCounter;
import io.wirestat.tracker.decode.SkipReason;
import io.wirestat.tracker.report.ConnectionRecord;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The producing thread's half of a snapshot: its counters when it put the request into the ring. {@link #await}
 * waits for the shards' half (each shard answers the request on its own thread) and joins the two into a
 * {@link LiveStatus}, so that the figures add up. Apart from the sources because {@link LiveCapture} and
 * {@link StreamPacketSource} take and join the two halves the same way; only the counters they have differ (a
 * stream has no libpcap and no interface to lose). Immutable; built on the producing thread, awaited on any.
 */
final class SnapshotAnswer
{
    private final SnapshotRequest request;
    private final long start;
    private final long frames;
    private final long filteredOut;
    private final long[] decoder;
    private final long ringOverflow;
    private final PcapStats pcap;
    private final long failures;
    private final long writeErrors;
    private final long lost;
    private final long gapNanos;

    /**
     * @param request      the request put into the ring.
     * @param start        when the capture started, for {@link LiveStatus#startNanos()}.
     * @param frames       packets read so far.
     * @param filteredOut  of those, rejected by the user-space filter.
     * @param decoder      decoder counts by {@link SkipReason} ({@link #decoderCounts}).
     * @param ringOverflow segments dropped because the ring was full.
     * @param pcap         libpcap's counters, or {@link PcapStats#NONE}.
     * @param failures     events whose tracking threw.
     * @param writeErrors  packets not written to the {@code -w} file.
     * @param lost         times the interface went away (--retry).
     * @param gapNanos     time spent without the interface (--retry).
     */
    SnapshotAnswer(
        final SnapshotRequest request, final long start, final long frames, final long filteredOut,
        final long[] decoder, final long ringOverflow, final PcapStats pcap, final long failures,
        final long writeErrors, final long lost, final long gapNanos)
    {
        this.request = request;
        this.start = start;
        this.frames = frames;
        this.filteredOut = filteredOut;
        this.decoder = decoder;
        this.ringOverflow = ringOverflow;
        this.pcap = pcap;
        this.failures = failures;
        this.writeErrors = writeErrors;
        this.lost = lost;
        this.gapNanos = gapNanos;
    }

    /**
     * @param publisher the producing thread's publisher.
     * @return its decoder's counts now, indexed by {@link SkipReason}.
     */
    static long[] decoderCounts(final SegmentPublisher publisher)
    {
        final long[] counts = new long[SkipReason.COUNT];
        for (int r = 0; r < SkipReason.COUNT; r++)
        {
            counts[r] = publisher.decoder().count(r);
        }
        return counts;
    }

    /**
     * @param timeoutMillis how long to wait for every shard to answer.
     * @return the status as of the request's time, or null if the shards did not answer in time.
     * @throws InterruptedException if interrupted while waiting.
     */
    LiveStatus await(final long timeoutMillis) throws InterruptedException
    {
        if (!request.await(timeoutMillis, TimeUnit.MILLISECONDS))
        {
            return null;
        }
        final List<ConnectionRecord> connections = LiveStatus.sorted(request.connections());
        final long[] trackerCounters = new long[TrackerCounter.COUNT];
        for (int c = 0; c < TrackerCounter.COUNT; c++)
        {
            trackerCounters[c] = request.trackerCounter(c);
        }
        return new LiveStatus(request.asOfNanos(), start, frames, filteredOut, decoder, ringOverflow, pcap,
            connections, trackerCounters, failures, writeErrors, lost, gapNanos, request.connectionEvents());
    }
}
