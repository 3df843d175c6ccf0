package io.wirestat.capture.report.timeline;

import io.wirestat.capture.cli.Timestamps;
import io.wirestat.tracker.state.TcpState;

import java.io.PrintWriter;

/**
 * The timeline for people, one line per row in the shape of {@code live}'s plain lines: the row's end, the
 * endpoints per state on each side (states with none, and CLOSED, left out), then what happened in the row, the
 * TIME_WAIT peak per destination, and the alerts that first fired. Not thread safe.
 */
public final class TimelineTextWriter
{
    private static final int STATES_FROM = 3;

    private final PrintWriter out;

    /** @param out where to write; flushed, not closed. */
    public TimelineTextWriter(final PrintWriter out)
    {
        this.out = out;
    }

    /** @param timeline every row of it, under a heading line. */
    public void write(final Timeline timeline)
    {
        out.println("Timeline (" + timeline.size() + " rows; --format jsonl or csv for every column):");
        for (int r = 0; r < timeline.size(); r++)
        {
            out.println(line(timeline.values(r)));
        }
        out.println();
        out.flush();
    }

    /**
     * @param v a row's values, as {@link Timeline#values}.
     * @return its line.
     */
    static String line(final Object[] v)
    {
        final StringBuilder b = new StringBuilder(200).append(Timestamps.iso((Long)v[0]));
        states(b, " client[", v, STATES_FROM);
        states(b, " server[", v, STATES_FROM + TcpState.COUNT);
        int i = STATES_FROM + 2 * TcpState.COUNT;
        b.append(" opened=").append(v[i]).append('/').append(v[i + 1]);
        b.append(" closed=").append(v[i + 2]).append(" reset=").append(v[i + 3]);
        i += 4;
        b.append(" syn_retx=").append(v[i + 1]).append(" retx=").append(v[i + 2]);
        final long twPeak = (Long)v[i + 5];
        if (twPeak > 0)
        {
            b.append(" tw_peak=").append(twPeak).append('/').append(v[i + 7]).append(" (").append(v[i + 6])
                .append(')');
        }
        if ((Long)v[i + 3] > 0)
        {
            b.append(" fired: ").append(v[i + 4]);
        }
        return b.toString();
    }

    private static void states(final StringBuilder b, final String label, final Object[] v, final int from)
    {
        b.append(label);
        boolean first = true;
        for (int s = 0; s < TcpState.COUNT; s++)
        {
            final long n = (Long)v[from + s];
            if (n != 0 && s != TcpState.CLOSED)
            {
                b.append(first ? "" : " ").append(TcpState.name(s)).append('=').append(n);
                first = false;
            }
        }
        b.append(']');
    }
}
