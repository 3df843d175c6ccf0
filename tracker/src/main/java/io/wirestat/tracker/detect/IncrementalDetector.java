package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;

import java.util.List;
import java.util.function.Consumer;

/**
 * A detector that works as it walks: its {@link #start pass} keeps aggregates (counters per subject, bounded
 * samples), never the records, and its batch form is that same pass over a list. For the detectors that look at
 * many records of a large report (TIME_WAIT, half-open, unfinished closes).
 */
interface IncrementalDetector extends Detector
{
    @Override
    Pass start(long asOfNanos, DetectorConfig config);

    @Override
    default void detect(
        final List<ConnectionRecord> connections, final long asOfNanos, final DetectorConfig config,
        final Consumer<Alert> sink)
    {
        final Pass pass = start(asOfNanos, config);
        for (final ConnectionRecord record : connections)
        {
            pass.accept(record);
        }
        pass.finish(sink);
    }
}
