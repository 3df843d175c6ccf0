package io.wirestat.capture.live;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.detect.Detectors;
import io.wirestat.tracker.report.ConnectionRecord;

import java.util.List;

/**
 * Where the live view gets its alerts: the tracker's detectors, run on each refresh's snapshot as of the wall
 * clock, so connections age and alerts fire even when traffic stops. Cold path. Stateless; thread safe.
 */
final class LiveAlerts
{
    private LiveAlerts()
    {
    }

    /**
     * @param connections the snapshot's connections.
     * @param asOfNanos   the snapshot's wall-clock time.
     * @param config      thresholds.
     * @return alerts, most severe first.
     */
    static List<Alert> evaluate(
        final List<ConnectionRecord> connections, final long asOfNanos, final DetectorConfig config)
    {
        return Detectors.run(connections, asOfNanos, config);
    }

    /**
     * @param connections the snapshot's connections.
     * @param asOfNanos   the snapshot's wall-clock time.
     * @param config      thresholds.
     * @param procs       this host's sockets: alerts about them name their process ({@link AlertOwners}).
     * @return alerts, most severe first.
     */
    static List<Alert> evaluate(final List<ConnectionRecord> connections, final long asOfNanos,
        final DetectorConfig config, final ProcessAttribution procs)
    {
        return AlertOwners.name(evaluate(connections, asOfNanos, config), procs);
    }
}
