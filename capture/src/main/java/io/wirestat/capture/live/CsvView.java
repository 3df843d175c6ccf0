package io.wirestat.capture.live;

import io.wirestat.capture.report.timeline.TimelineCsvWriter;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code live --format csv}: the timeline as CSV, the header first, then one row per refresh, in the columns of
 * {@code analyze --format csv --timeline} (nothing else is written, so the output stays one table). Not thread safe.
 */
public final class CsvView implements LiveView
{
    private final PrintWriter out;
    private final TimelineCsvWriter csv;
    private final LiveTimeline timeline;
    private boolean headed;

    /**
     * @param out       where to write; flushed after each row.
     * @param portRange the ephemeral port range's size.
     */
    public CsvView(final PrintWriter out, final int portRange)
    {
        this.out = out;
        this.csv = new TimelineCsvWriter(out);
        this.timeline = new LiveTimeline(portRange);
    }

    @Override
    public void show(final LiveRefresh r)
    {
        if (!headed)
        {
            csv.header();
            headed = true;
        }
        csv.row(timeline.next(r));
        out.flush();
    }

    /**
     * The last row, as of the end of the capture, so that the rows cover all of it.
     *
     * @param last   the final status.
     * @param alerts its alerts.
     */
    public void finish(final LiveStatus last, final List<Alert> alerts)
    {
        final long[] client = new long[TcpState.COUNT];
        final long[] server = new long[TcpState.COUNT];
        for (final ConnectionRecord record : last.connections())
        {
            client[record.clientState()]++;
            server[record.serverState()]++;
        }
        if (!headed)
        {
            csv.header();
            headed = true;
        }
        csv.row(timeline.next(last, client, server, alerts));
        out.flush();
    }

    @Override
    public boolean broken()
    {
        return out.checkError();
    }
}
