package io.wirestat.capture.check;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.tracker.detect.Alert;

import java.util.List;

/**
 * Where a check gets the alerts of a replayed capture, to compare them with the expected file's alert lines. This
 * is the <b>single place</b> where {@code wirestat check} and {@link CorpusCheck} obtain alerts: see
 * {@link #DEFAULT}. Called once per capture, on the thread running the check.
 */
@FunctionalInterface
public interface AlertSource
{
    /** No alerts: every capture is expected to raise none. */
    AlertSource NONE = (report, options) -> List.of();

    /**
     * The alert source of {@code wirestat check} and of {@link CheckOptions} by default.
     * <p>
     * WIRING POINT: the detectors are not merged yet; once {@code io.wirestat.tracker.detect.Detectors} exists,
     * this becomes {@code (report, options) -> Detectors.run(report.connections(), report.lastNanos(), config)}
     * (with the detector configuration taken from {@code options} or its defaults), and nothing else changes.
     */
    AlertSource DEFAULT = NONE;

    /**
     * @param report  the replayed capture's report.
     * @param options the settings it was replayed with (tracker settings included).
     * @return the alerts as of the capture's last frame, in any order.
     */
    List<Alert> alerts(AnalysisReport report, AnalysisOptions options);
}
