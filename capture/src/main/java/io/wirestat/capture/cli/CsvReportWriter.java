package io.wirestat.capture.cli;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code --format csv}: the connection table, or the {@code --group-by} rows, as RFC 4180 CSV for spreadsheets and
 * {@code csvkit}: a header row, one record per row, CRLF line ends, a field quoted (with its quotes doubled) only
 * when it holds a comma, a quote or a line break. Column names and values are the jsonl fields' (docs/cli.md):
 * states in netstat's spelling, times in epoch seconds with six decimals, counts without separators. Not thread
 * safe; one per rendering.
 */
final class CsvReportWriter
{
    /** RFC 4180's record separator. */
    static final String CRLF = "\r\n";

    private static final String[] CONNECTION_COLUMNS =
    {
        "client", "server", "vlan", "client_state", "server_state", "first_seen", "last_seen", "history", "partial",
        "client_packets", "server_packets", "client_bytes", "server_bytes", "client_ip_bytes", "server_ip_bytes",
        "syn_retransmits", "client_retransmits", "server_retransmits", "client_state_since", "server_state_since"
    };

    private final PrintWriter out;

    /** @param out where to write. */
    CsvReportWriter(final PrintWriter out)
    {
        this.out = out;
    }

    /** Writes the connection table's header row. */
    void connectionHeader()
    {
        record(CONNECTION_COLUMNS);
    }

    /** @param r a connection, as one record. */
    void connection(final ConnectionRecord r)
    {
        record(new String[] {
            r.client().toString(), r.server().toString(), Integer.toString(r.vlan()), r.clientStateName(),
            r.serverStateName(), seconds(r.firstSeenNanos()), seconds(r.lastSeenNanos()), r.history(),
            Boolean.toString(r.partial()), Long.toString(r.clientPackets()), Long.toString(r.serverPackets()),
            Long.toString(r.clientBytes()), Long.toString(r.serverBytes()), Long.toString(r.clientIpBytes()),
            Long.toString(r.serverIpBytes()), Integer.toString(r.synRetransmits()),
            Long.toString(r.clientRetransmits()), Long.toString(r.serverRetransmits()),
            seconds(r.clientStateSinceNanos()), seconds(r.serverStateSinceNanos())});
    }

    /**
     * Every state has a column (the endpoints in it, on the counted sides), so the columns do not depend on the data.
     *
     * @param groups    the groups.
     * @param rows      the rows, in order.
     * @param asOfNanos the report's time, for ages.
     */
    void groups(final StateGroups groups, final List<StateGroups.Row> rows, final long asOfNanos)
    {
        final String[] header = new String[TcpState.COUNT + 5];
        header[0] = "by";
        header[1] = "key";
        header[2] = "connections";
        for (int state = 0; state < TcpState.COUNT; state++)
        {
            header[state + 3] = TcpState.name(state);
        }
        header[header.length - 2] = "oldest_stuck_state";
        header[header.length - 1] = "oldest_stuck_seconds";
        record(header);
        for (final StateGroups.Row row : rows)
        {
            final String[] fields = new String[header.length];
            fields[0] = groups.key().toString();
            fields[1] = row.label;
            fields[2] = Long.toString(row.connections);
            for (int state = 0; state < TcpState.COUNT; state++)
            {
                fields[state + 3] = Long.toString(row.states[state]);
            }
            fields[fields.length - 2] = row.hasStuck() ? TcpState.name(row.oldestStuckState) : "";
            fields[fields.length - 1] = row.hasStuck() ? seconds(asOfNanos - row.oldestStuckSince) : "";
            record(fields);
        }
    }

    private void record(final String[] fields)
    {
        final StringBuilder line = new StringBuilder(200);
        for (int i = 0; i < fields.length; i++)
        {
            if (i > 0)
            {
                line.append(',');
            }
            line.append(field(fields[i]));
        }
        out.print(line.append(CRLF));
    }

    /**
     * @param value a field.
     * @return it as RFC 4180 writes it: quoted, with its quotes doubled, if it holds a comma, quote, CR or LF.
     */
    static String field(final String value)
    {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0)
        {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String seconds(final long nanos)
    {
        return Timestamps.epochSeconds(nanos).toPlainString();
    }
}
