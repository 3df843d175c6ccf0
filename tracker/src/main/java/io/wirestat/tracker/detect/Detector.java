package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;

import java.util.ArrayList;
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

    /**
     * Starts an incremental pass: {@link Detectors#run} hands it every record once, in report order, then asks for
     * the alerts. The default keeps the records this detector {@link #concerns} and runs {@link #detect} over them at
     * the end; a detector that looks at many records overrides it to keep aggregates only (counters per subject,
     * bounded samples), so a report of hundreds of thousands of connections is not held for it.
     *
     * @param asOfNanos the time the records describe.
     * @param config    thresholds.
     * @return a pass for one thread.
     */
    default Pass start(final long asOfNanos, final DetectorConfig config)
    {
        final List<ConnectionRecord> concerned = new ArrayList<>();
        return new Pass()
        {
            @Override
            public void accept(final ConnectionRecord record)
            {
                if (concerns(record))
                {
                    concerned.add(record);
                }
            }

            @Override
            public void finish(final Consumer<Alert> sink)
            {
                detect(concerned, asOfNanos, config, sink);
            }
        };
    }

    /** One detector's walk over one report. Not thread safe. */
    interface Pass
    {
        /** @param record the next record of the report (every record, closed ones included). */
        void accept(ConnectionRecord record);

        /** @param sink receives the alerts, in any order; called once, after the last record. */
        void finish(Consumer<Alert> sink);
    }
}
