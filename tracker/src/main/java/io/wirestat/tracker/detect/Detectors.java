package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs every built-in {@link Detector} over a report and orders what they find: most severe first, then the most
 * connections, then by kind and subject so the order is stable. Cold path; works the same offline (as of the
 * capture's last packet) and live (as of the wall clock), since time is a parameter. Stateless; thread safe.
 */
public final class Detectors
{
    /** Most severe first, then most connections, then kind, then subject. */
    public static final Comparator<Alert> ORDER = Comparator
        .comparing(Alert::severity)
        .thenComparing(Comparator.comparingLong(Alert::count).reversed())
        .thenComparing(Alert::kind)
        .thenComparing(Alert::subject);

    private static final List<Detector> BUILT_IN = List.of(
        new CloseWaitDetector(),
        new UnfinishedCloseDetector(),
        new TimeWaitDetector(),
        new HalfOpenDetector(),
        new PeerGoneDetector(),
        new ResetDetector(),
        new OneDirectionalDetector());

    private Detectors()
    {
    }

    /**
     * @param connections every connection record of the report, closed ones included, walked once (a list, or a
     *                    stream of records built one at a time: only the records a detector concerns are kept).
     * @param asOfNanos   the time the records describe (offline: the capture's last timestamp).
     * @param config      thresholds.
     * @return the alerts, in {@link #ORDER}; empty when nothing hurts.
     */
    public static List<Alert> run(
        final Iterable<ConnectionRecord> connections, final long asOfNanos, final DetectorConfig config)
    {
        return run(BUILT_IN, connections, asOfNanos, config);
    }

    /**
     * @param detectors   which detectors to run.
     * @param connections every connection record.
     * @param asOfNanos   the time the records describe.
     * @param config      thresholds.
     * @return the alerts, in {@link #ORDER}.
     */
    public static List<Alert> run(
        final List<Detector> detectors,
        final Iterable<ConnectionRecord> connections,
        final long asOfNanos,
        final DetectorConfig config)
    {
        final Run run = new Run(detectors, asOfNanos, config);
        for (final ConnectionRecord record : connections)
        {
            run.accept(record);
        }
        return run.finish();
    }

    /**
     * Starts the built-in detectors on a walk the caller drives, so that a writer streaming the records can hand
     * them to the detectors in the same pass (each record is built once).
     *
     * @param asOfNanos the time the records describe.
     * @param config    thresholds.
     * @return a run to hand every record to, then finish.
     */
    public static Run start(final long asOfNanos, final DetectorConfig config)
    {
        return new Run(BUILT_IN, asOfNanos, config);
    }

    /** One walk of every detector over one report. Not thread safe. */
    public static final class Run
    {
        private final Detector.Pass[] passes;

        Run(final List<Detector> detectors, final long asOfNanos, final DetectorConfig config)
        {
            // One walk hands each detector every record: each record is touched (and, streamed, built) once, not
            // once per detector; each detector's pass keeps what it needs (aggregates, or the records it concerns).
            passes = new Detector.Pass[detectors.size()];
            for (int d = 0; d < passes.length; d++)
            {
                passes[d] = detectors.get(d).start(asOfNanos, config);
            }
        }

        /** @param record the next record of the report (every record, closed ones included, whatever is shown). */
        public void accept(final ConnectionRecord record)
        {
            for (final Detector.Pass pass : passes)
            {
                pass.accept(record);
            }
        }

        /** @return the alerts, in {@link #ORDER}; call once, after the last record. */
        public List<Alert> finish()
        {
            final List<Alert> alerts = new ArrayList<>();
            for (final Detector.Pass pass : passes)
            {
                pass.finish(alerts::add);
            }
            alerts.sort(ORDER);
            return alerts;
        }
    }
}
