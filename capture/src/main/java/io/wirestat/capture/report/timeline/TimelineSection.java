package io.wirestat.capture.report.timeline;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.timeline.TimelineRows;

import java.util.List;

/**
 * Gathers what the timeline needs beyond the shards' rows while a writer walks the records (the TIME_WAIT intervals
 * per destination), then, with the alerts, makes the {@link Timeline}. Rides along an existing pass, so
 * {@code --timeline} rebuilds no record twice. Not thread safe; one per report.
 */
public final class TimelineSection
{
    private final TimelineRows rows;
    private final DetectorConfig config;
    private final TimeWaitPaths paths;

    /**
     * @param rows   the merged rows.
     * @param config the detectors' settings (2·MSL, port range, thresholds).
     */
    public TimelineSection(final TimelineRows rows, final DetectorConfig config)
    {
        this.rows = rows;
        this.config = config;
        this.paths = new TimeWaitPaths(config.timeWaitNanos());
    }

    /** @param record one record of the pass (every record, whatever the selection). */
    public void accept(final ConnectionRecord record)
    {
        paths.accept(record);
    }

    /**
     * @param alerts the report's alerts.
     * @return the timeline.
     */
    public Timeline finish(final List<Alert> alerts)
    {
        return new Timeline(rows, paths.peaks(rows), alerts, config);
    }
}
