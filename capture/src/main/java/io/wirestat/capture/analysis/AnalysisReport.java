package io.wirestat.capture.analysis;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.CapturePoint;
import io.wirestat.tracker.timeline.TimelineRows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The result of an offline analysis: the connection records (as a source that streams them), the counters, and any
 * faults.
 *
 * @param records          every connection record, closed ones included, ordered by first packet; each pass over it
 *                         rebuilds the records, so writers stream them rather than hold them.
 * @param counters         named counters in a stable order: frames, tcp segments, skipped frames by reason
 *                         (skipped_&lt;reason&gt;), tracker counters ({@link io.wirestat.tracker.TrackerCounter}).
 * @param faults           faults met while reading; empty when every file was read to its end.
 * @param firstNanos       timestamp of the first frame (Long.MIN_VALUE if none).
 * @param lastNanos        timestamp of the last frame; states are reported as of this time.
 * @param timeline         the shards' timeline rows, merged ({@code --timeline}); none without it.
 * @param capturePoint     where the capture was taken, as the handshakes' timing shows it.
 */
public record AnalysisReport(
    RecordSource records,
    Map<String, Long> counters,
    List<FileFault> faults,
    long firstNanos,
    long lastNanos,
    TimelineRows timeline,
    CapturePoint capturePoint)
{
    /** No timeline rows (no {@code --timeline}). */
    public static final TimelineRows NO_TIMELINE = new TimelineRows(0, 0, new long[0], 0);

    /**
     * A report without a timeline.
     *
     * @param records    every connection record, ordered by first packet.
     * @param counters   named counters.
     * @param faults     faults met while reading.
     * @param firstNanos timestamp of the first frame.
     * @param lastNanos  timestamp of the last frame.
     */
    public AnalysisReport(
        final RecordSource records,
        final Map<String, Long> counters,
        final List<FileFault> faults,
        final long firstNanos,
        final long lastNanos)
    {
        this(records, counters, faults, firstNanos, lastNanos, NO_TIMELINE);
    }

    /**
     * A report that does not infer the capture point (live snapshots, where each shard weighs its own handshakes;
     * tests).
     *
     * @param records    every connection record, ordered by first packet.
     * @param counters   named counters.
     * @param faults     faults met while reading.
     * @param firstNanos timestamp of the first frame.
     * @param lastNanos  timestamp of the last frame.
     * @param timeline   the timeline rows.
     */
    public AnalysisReport(
        final RecordSource records,
        final Map<String, Long> counters,
        final List<FileFault> faults,
        final long firstNanos,
        final long lastNanos,
        final TimelineRows timeline)
    {
        this(records, counters, faults, firstNanos, lastNanos, timeline, CapturePoint.NOT_INFERRED);
    }

    /**
     * A report over records already held (tests, small reports).
     *
     * @param connections every connection record, ordered by first packet.
     * @param counters    named counters.
     * @param faults      faults met while reading.
     * @param firstNanos  timestamp of the first frame.
     * @param lastNanos   timestamp of the last frame.
     */
    public AnalysisReport(
        final List<ConnectionRecord> connections,
        final Map<String, Long> counters,
        final List<FileFault> faults,
        final long firstNanos,
        final long lastNanos)
    {
        this(RecordSource.of(connections), counters, faults, firstNanos, lastNanos);
    }

    /**
     * Every record in one list: for small reports and tools that need them all at once (check, tests). Streaming
     * writers walk {@link #records()} instead.
     *
     * @return a new list of every record, in first-seen order.
     */
    public List<ConnectionRecord> connections()
    {
        final List<ConnectionRecord> all = new ArrayList<>();
        for (final ConnectionRecord record : records)
        {
            all.add(record);
        }
        return all;
    }

    /** @return true if the input had faults (the CLI then exits 1). */
    public boolean hasFaults()
    {
        return !faults.isEmpty();
    }
}
