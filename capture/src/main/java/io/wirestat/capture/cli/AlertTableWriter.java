package io.wirestat.capture.cli;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.Severity;

import java.io.PrintWriter;
import java.util.List;

/**
 * Renders alerts for people: a one-line tally for the report's header, and an aligned table, most severe first
 * (the order {@link io.wirestat.tracker.detect.Detectors#run} gives), with the severity, kind, subject, connection
 * count, age of the oldest evidence and the alert's message. Not thread safe; one per rendering.
 */
public final class AlertTableWriter
{
    private static final String GAP = "  ";
    private static final String[] HEADINGS = {"Severity", "Kind", "Subject", "Count", "Oldest", "Detail"};
    private static final int COUNT_COLUMN = 3;
    private static final int AGE_COLUMN = 4;
    private static final int DETAIL_COLUMN = 5;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final PrintWriter out;

    /**
     * @param out where to write.
     */
    public AlertTableWriter(final PrintWriter out)
    {
        this.out = out;
    }

    /**
     * @param alerts the alerts.
     * @return {@code none}, or counts by severity: {@code 1 critical, 2 warning}.
     */
    public static String tally(final List<Alert> alerts)
    {
        if (alerts.isEmpty())
        {
            return "none";
        }
        final StringBuilder sb = new StringBuilder();
        for (final Severity severity : Severity.values())
        {
            final long n = alerts.stream().filter(a -> a.severity() == severity).count();
            if (n > 0)
            {
                sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ').append(severity.label());
            }
        }
        return sb.toString();
    }

    /**
     * Writes the alerts section: a heading and the table, or a line saying there is nothing to report.
     *
     * @param alerts the alerts, in the order to print.
     */
    public void write(final List<Alert> alerts)
    {
        if (alerts.isEmpty())
        {
            out.println("Alerts: none");
            return;
        }
        out.println("Alerts (" + tally(alerts) + "; most severe first):");
        final int[] widths = new int[HEADINGS.length];
        for (int i = 0; i < HEADINGS.length; i++)
        {
            widths[i] = HEADINGS[i].length();
        }
        for (final Alert alert : alerts)
        {
            final String[] cells = cells(alert);
            for (int i = 0; i < cells.length; i++)
            {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        writeRow(HEADINGS, widths);
        for (final Alert alert : alerts)
        {
            writeRow(cells(alert), widths);
        }
    }

    /**
     * @param nanos a duration.
     * @return it as ps(1) prints elapsed times, to the second: {@code 45s}, {@code 2m05s}, {@code 3h07m}, {@code 2d04h}.
     */
    static String age(final long nanos)
    {
        final long seconds = Math.max(0, nanos / NANOS_PER_SECOND);
        if (seconds < 60)
        {
            return seconds + "s";
        }
        if (seconds < 3600)
        {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400)
        {
            return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format("%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }

    private static String[] cells(final Alert alert)
    {
        return new String[] {
            alert.severity().label(), alert.kind(), alert.subject(), Long.toString(alert.count()),
            age(alert.ageNanos()), alert.message()};
    }

    private void writeRow(final String[] row, final int[] widths)
    {
        final StringBuilder line = new StringBuilder(200);
        for (int i = 0; i < row.length; i++)
        {
            if (i > 0)
            {
                line.append(GAP);
            }
            if (i == DETAIL_COLUMN)
            {
                line.append(row[i]);
            }
            else if (i == COUNT_COLUMN || i == AGE_COLUMN)
            {
                line.append(" ".repeat(widths[i] - row[i].length())).append(row[i]);
            }
            else
            {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length()));
            }
        }
        out.println(line);
    }
}
