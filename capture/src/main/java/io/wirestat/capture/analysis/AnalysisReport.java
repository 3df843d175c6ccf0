package io.wirestat.capture.analysis;

import io.wirestat.tracker.report.ConnectionRecord;

import java.util.List;
import java.util.Map;

/**
 * The result of an offline analysis: every connection record, the counters, and any faults.
 *
 * @param connections      every connection record, closed ones included, ordered by first packet.
 * @param counters         named counters in a stable order: frames, tcp segments, skipped frames by reason
 *                         (skipped_&lt;reason&gt;), tracker counters ({@link io.wirestat.tracker.TrackerCounter}).
 * @param faults           faults met while reading; empty when every file was read to its end.
 * @param firstNanos       timestamp of the first frame (Long.MIN_VALUE if none).
 * @param lastNanos        timestamp of the last frame; states are reported as of this time.
 */
public record AnalysisReport(
    List<ConnectionRecord> connections,
    Map<String, Long> counters,
    List<FileFault> faults,
    long firstNanos,
    long lastNanos)
{
    /** @return true if the input had faults (the CLI then exits 1). */
    public boolean hasFaults()
    {
        return !faults.isEmpty();
    }
}
