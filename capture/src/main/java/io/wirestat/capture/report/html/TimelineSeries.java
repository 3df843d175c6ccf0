package io.wirestat.capture.report.html;

import com.fasterxml.jackson.core.JsonGenerator;
import io.wirestat.capture.cli.Timestamps;
import io.wirestat.capture.report.timeline.Timeline;
import io.wirestat.tracker.state.TcpState;
import io.wirestat.tracker.timeline.StateCensus;
import io.wirestat.tracker.timeline.TimelineRows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code timeline} object of the HTML report's data: the state counts of both sides, the connection events,
 * retransmits and the TIME_WAIT peak, column by column, thinned to at most {@link #MAX_POINTS} points so the page
 * stays small whatever the capture's length. Stateless; cold path.
 */
final class TimelineSeries
{
    /** Timeline points drawn at most: longer timelines are thinned, keeping each group's last states. */
    static final int MAX_POINTS = 1500;

    private TimelineSeries()
    {
    }

    /** The timeline, column by column, thinned to {@link #MAX_POINTS}: each point is a group's last row. */
    static void write(final JsonGenerator g, final Timeline timeline) throws IOException
    {
        final TimelineRows rows = timeline.rows();
        final int n = rows.count();
        final int step = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
        final List<int[]> groups = new ArrayList<>();
        for (int from = 0; from < n; from += step)
        {
            groups.add(new int[] {from, Math.min(n, from + step) - 1});
        }
        g.writeObjectFieldStart("timeline");
        g.writeNumberField("interval", rows.intervalNanos() / 1e9);
        g.writeNumberField("rows", n);
        g.writeNumberField("step", step);
        g.writeArrayFieldStart("t");
        for (final int[] grp : groups)
        {
            g.writeNumber(Timestamps.epochSeconds(rows.get(grp[1], TimelineRows.END)));
        }
        g.writeEndArray();
        for (int side = 0; side < 2; side++)
        {
            g.writeArrayFieldStart(side == 0 ? "client" : "server");
            for (int s = 0; s < TcpState.COUNT; s++)
            {
                g.writeStartArray();
                for (final int[] grp : groups)
                {
                    g.writeNumber(rows.state(grp[1], side, s));
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        final String[] events = {"opened_active", "opened_passive", "closed", "reset"};
        for (int e = 0; e < StateCensus.EVENT_COUNT; e++)
        {
            sums(g, events[e], rows, groups, TimelineRows.EVENT_COLUMNS + e);
        }
        sums(g, "syn_retransmits", rows, groups, TimelineRows.SYN_RETRANSMITS);
        sums(g, "retransmits", rows, groups, TimelineRows.RETRANSMITS);
        g.writeArrayFieldStart("timeWaitPeak");
        for (final int[] grp : groups)
        {
            long peak = 0;
            for (int r = grp[0]; r <= grp[1]; r++)
            {
                peak = Math.max(peak, timeline.timeWaitPeak(r));
            }
            g.writeNumber(peak);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("timeWaitPath");
        for (final int[] grp : groups)
        {
            String path = null;
            long peak = 0;
            for (int r = grp[0]; r <= grp[1]; r++)
            {
                if (timeline.timeWaitPeak(r) > peak)
                {
                    peak = timeline.timeWaitPeak(r);
                    path = timeline.timeWaitPeakPath(r);
                }
            }
            g.writeString(path);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void sums(final JsonGenerator g, final String name, final TimelineRows rows,
        final List<int[]> groups, final int column) throws IOException
    {
        g.writeArrayFieldStart(name);
        for (final int[] grp : groups)
        {
            long sum = 0;
            for (int r = grp[0]; r <= grp[1]; r++)
            {
                sum += rows.get(r, column);
            }
            g.writeNumber(sum);
        }
        g.writeEndArray();
    }
}
