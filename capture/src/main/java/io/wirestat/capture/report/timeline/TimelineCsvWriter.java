package io.wirestat.capture.report.timeline;

import io.wirestat.capture.cli.Timestamps;

import java.io.PrintWriter;

/**
 * The timeline as CSV (RFC 4180): a header row of {@link Timeline#COLUMNS}, then one row per interval; {@code t}
 * in epoch seconds, {@code time} ISO-8601 UTC, {@code interval} in seconds, empty cells for absent strings, quotes
 * only where a value needs them. {@code pandas.read_csv} and spreadsheets read it as is. Not thread safe.
 */
public final class TimelineCsvWriter
{
    private final PrintWriter out;

    /** @param out where to write; flushed, not closed. */
    public TimelineCsvWriter(final PrintWriter out)
    {
        this.out = out;
    }

    /** Writes the header row. */
    public void header()
    {
        out.print(String.join(",", Timeline.COLUMNS));
        out.print("\r\n");
    }

    /**
     * @param timeline every row of it, header first.
     */
    public void write(final Timeline timeline)
    {
        header();
        for (int r = 0; r < timeline.size(); r++)
        {
            row(timeline.values(r));
        }
        out.flush();
    }

    /** @param values one row's values, as {@link Timeline#values}. */
    public void row(final Object[] values)
    {
        final StringBuilder b = new StringBuilder(256);
        b.append(Timestamps.epochSeconds((Long)values[0]).toPlainString());
        b.append(',').append(Timestamps.iso((Long)values[1]));
        b.append(',').append(TimelineJsonl.seconds((Long)values[2]).toPlainString());
        for (int i = 3; i < values.length; i++)
        {
            b.append(',');
            if (values[i] != null)
            {
                cell(b, values[i].toString());
            }
        }
        b.append("\r\n");
        out.print(b);
    }

    private static void cell(final StringBuilder b, final String text)
    {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0)
        {
            b.append(text);
            return;
        }
        b.append('"').append(text.replace("\"", "\"\"")).append('"');
    }
}
