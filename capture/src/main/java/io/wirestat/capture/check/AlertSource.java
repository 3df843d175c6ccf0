package io.wirestat.capture.check;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.detect.Detectors;

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
     * The alert source of {@code wirestat check} and of {@link CheckOptions} by default: the built-in detectors with
     * their default thresholds (and the replay's TIME_WAIT length), as of the capture's last frame, the same as
     * {@code wirestat analyze} reports them.
     */
    AlertSource DEFAULT = (report, options) -> !report.records().iterator().hasNext() ? List.of() : Detectors.run(
        report.records(), report.lastNanos(), new DetectorConfig().timeWaitNanos(options.tracker.timeWaitNanos()));

    /**
     * @param report  the replayed capture's report.
     * @param options the settings it was replayed with (tracker settings included).
     * @return the alerts as of the capture's last frame, in any order.
     */
    List<Alert> alerts(AnalysisReport report, AnalysisOptions options);
}
