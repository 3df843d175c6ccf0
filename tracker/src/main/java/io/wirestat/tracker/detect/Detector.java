package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;

import java.util.List;
import java.util.function.Consumer;

/**
 * Looks at a report's connection records as of a point in time and emits what hurts. Cold path: allocation is fine.
 * Time is a parameter, never the clock, so a detector gives the same answer offline (as of the capture's last
 * packet) and live (as of now). Implementations are stateless and thread safe.
 */
@FunctionalInterface
public interface Detector
{
    /**
     * @param connections every connection record, closed ones included.
     * @param asOfNanos   the time the records describe; ages are measured up to it.
     * @param config      thresholds.
     * @param sink        receives each alert, in any order ({@link Detectors#run} sorts them).
     */
    void detect(List<ConnectionRecord> connections, long asOfNanos, DetectorConfig config, Consumer<Alert> sink);

    /**
     * A cheap test of whether a record could matter to this detector at all (by state or activity, never by age).
     * {@link Detectors#run} walks the records once and hands each detector only those it concerns: one pass over a
     * large report instead of one per detector. A detector that needs every record keeps the default.
     *
     * @param record a connection record.
     * @return false only if {@link #detect} would ignore the record.
     */
    default boolean concerns(final ConnectionRecord record)
    {
        return true;
    }
}
