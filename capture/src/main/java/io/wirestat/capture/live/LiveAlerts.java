package io.wirestat.capture.live;

import io.wirestat.tracker.detect.Alert;
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
     * @return alerts, most severe first.
     */
    static List<Alert> evaluate(final List<ConnectionRecord> connections, final long asOfNanos)
    {
        // DETECTORS CALL SITE: the detectors are being written (tracker/detect). When
        // Detectors.run(connections, asOfNanos, config) lands, return its result here; until then, no alerts.
        return List.of();
    }
}
