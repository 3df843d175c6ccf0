package io.wirestat.capture.report.timeline;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.state.TcpState;
import io.wirestat.tracker.timeline.StateCensus;
import io.wirestat.tracker.timeline.TimelineRows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The timeline as reported: the merged rows of the shards, the TIME_WAIT peak per destination at each row's end,
 * and the alerts that first fired in each row. Its {@link #COLUMNS} are the one format of every writer (jsonl, csv,
 * text, live, HTML), documented in docs/cli.md. Immutable; cold path.
 */
public final class Timeline
{
    /** Column names, in order: the CSV header and the jsonl keys. */
    public static final List<String> COLUMNS = columns();

    private final TimelineRows rows;
    private final TimeWaitPaths.Peaks peaks;
    private final List<List<Alert>> alerts;
    private final int portRange;

    /**
     * @param rows      merged rows.
     * @param peaks     TIME_WAIT per destination at each row's end.
     * @param alerts    every alert (any order).
     * @param config    the detectors' thresholds (alert onsets, the port range).
     */
    public Timeline(
        final TimelineRows rows, final TimeWaitPaths.Peaks peaks, final List<Alert> alerts, final DetectorConfig config)
    {
        this.rows = rows;
        this.peaks = peaks;
        this.portRange = config.portRangeSize();
        this.alerts = new ArrayList<>();
        for (int r = 0; r < rows.count(); r++)
        {
            this.alerts.add(new ArrayList<>());
        }
        if (rows.count() > 0)
        {
            for (final Alert alert : alerts)
            {
                this.alerts.get(rowOf(AlertOnsets.firedAt(alert, config))).add(alert);
            }
        }
    }

    /** @return rows. */
    public int size()
    {
        return rows.count();
    }

    /** @return the merged rows. */
    public TimelineRows rows()
    {
        return rows;
    }

    /** @return the ephemeral port range's size, the TIME_WAIT peak's ceiling. */
    public int portRange()
    {
        return portRange;
    }

    /**
     * @param row a row.
     * @return the alerts that first fired in it.
     */
    public List<Alert> alerts(final int row)
    {
        return alerts.get(row);
    }

    /** @return the TIME_WAIT peak per destination at a row's end: connections. */
    public long timeWaitPeak(final int row)
    {
        return peaks.counts()[row];
    }

    /** @return the path of that peak, {@code client -> server:port}, or null. */
    public String timeWaitPeakPath(final int row)
    {
        return peaks.subjects()[row];
    }

    /** @return the row's end, packet nanoseconds. */
    public long end(final int row)
    {
        return rows.get(row, TimelineRows.END);
    }

    /** @return the row's start: the previous row's end (the first row: its interval's start). */
    public long start(final int row)
    {
        return row == 0 ? rows.start(0) : end(row - 1);
    }

    /**
     * The values of a row in {@link #COLUMNS} order: Longs, and Strings (null for none). The first three are times,
     * as nanoseconds: {@code t} and {@code time} (the row's end), {@code interval} (its length); writers print
     * them as epoch seconds, ISO-8601 and seconds.
     *
     * @param row a row.
     * @return one value per column.
     */
    public Object[] values(final int row)
    {
        final long[] client = new long[TcpState.COUNT];
        final long[] server = new long[TcpState.COUNT];
        for (int s = 0; s < TcpState.COUNT; s++)
        {
            client[s] = rows.state(row, 0, s);
            server[s] = rows.state(row, 1, s);
        }
        final long[] events = new long[StateCensus.EVENT_COUNT];
        for (int e = 0; e < events.length; e++)
        {
            events[e] = rows.get(row, TimelineRows.EVENT_COLUMNS + e);
        }
        return row(end(row), end(row) - start(row), client, server, events, rows.get(row, TimelineRows.NEW_CONNECTIONS),
            rows.get(row, TimelineRows.SYN_RETRANSMITS), rows.get(row, TimelineRows.RETRANSMITS), alerts.get(row),
            timeWaitPeak(row), timeWaitPeakPath(row), portRange);
    }

    /**
     * One row in {@link #COLUMNS} order, from its parts: what offline rows and live refreshes share.
     *
     * @param endNanos        the row's end.
     * @param lengthNanos     its length.
     * @param client          endpoints per state at the end, client side.
     * @param server          the same, server side.
     * @param events          opens and ends in the row, by {@link StateCensus} event id.
     * @param newConnections  records created in the row.
     * @param synRetransmits  SYN retransmissions in the row.
     * @param retransmits     data and FIN retransmissions in the row.
     * @param fired           alerts that first fired in the row.
     * @param timeWaitPeak    connections in TIME_WAIT on the busiest client-to-service path at the end.
     * @param timeWaitPath    that path, or null.
     * @param portRange       the ephemeral port range's size.
     * @return the values.
     */
    public static Object[] row(
        final long endNanos, final long lengthNanos, final long[] client, final long[] server, final long[] events,
        final long newConnections, final long synRetransmits, final long retransmits, final List<Alert> fired,
        final long timeWaitPeak, final String timeWaitPath, final int portRange)
    {
        final Object[] v = new Object[COLUMNS.size()];
        int i = 0;
        v[i++] = endNanos;
        v[i++] = endNanos;
        v[i++] = lengthNanos;
        for (int s = 0; s < TcpState.COUNT; s++)
        {
            v[i++] = client[s];
        }
        for (int s = 0; s < TcpState.COUNT; s++)
        {
            v[i++] = server[s];
        }
        for (int e = 0; e < StateCensus.EVENT_COUNT; e++)
        {
            v[i++] = events[e];
        }
        v[i++] = newConnections;
        v[i++] = synRetransmits;
        v[i++] = retransmits;
        v[i++] = (long)fired.size();
        v[i++] = alertNames(fired);
        v[i++] = timeWaitPeak;
        v[i++] = timeWaitPath;
        v[i++] = (long)portRange;
        return v;
    }

    /** @return {@code kind subject} of each alert, joined by {@code "; "}, or null for none. */
    static String alertNames(final List<Alert> alerts)
    {
        if (alerts.isEmpty())
        {
            return null;
        }
        final StringBuilder b = new StringBuilder();
        for (final Alert a : alerts)
        {
            if (b.length() > 0)
            {
                b.append("; ");
            }
            b.append(a.kind()).append(' ').append(a.subject());
        }
        return b.toString();
    }

    /** @return the row that holds a time: the first whose end is after it (the last row holds the last frame). */
    public int rowOf(final long nanos)
    {
        for (int r = 0; r < rows.count() - 1; r++)
        {
            if (nanos < end(r))
            {
                return r;
            }
        }
        return rows.count() - 1;
    }

    private static List<String> columns()
    {
        final List<String> c = new ArrayList<>();
        c.add("t");
        c.add("time");
        c.add("interval");
        for (final String side : new String[] {"client_", "server_"})
        {
            for (int s = 0; s < TcpState.COUNT; s++)
            {
                c.add(side + TcpState.name(s).toLowerCase(Locale.ROOT));
            }
        }
        c.add("opened_active");
        c.add("opened_passive");
        c.add("closed");
        c.add("reset");
        c.add("new_connections");
        c.add("syn_retransmits");
        c.add("retransmits");
        c.add("alerts");
        c.add("alert_kinds");
        c.add("time_wait_peak");
        c.add("time_wait_peak_path");
        c.add("port_range");
        return List.copyOf(c);
    }
}
