package io.wirestat.capture.report.zeek;

import io.wirestat.tracker.report.ConnectionRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/**
 * Writes connection records as a Zeek {@code conn.log} in Zeek's ASCII/TSV format: the same header lines, the same
 * columns in the same order with the same types (Zeek's current default, ending in {@code ip_proto}), the same
 * unset ({@code -}) and empty ({@code (empty)}) markers and the {@code #close} trailer, so that {@code zeek-cut} and
 * SIEM parsers read it unchanged. See {@code docs/zeek-compatibility.md} for what each column holds.
 * <p>
 * Streaming: the header is written on the first record (or at {@link #close()} for an empty log), each record is
 * written as it is handed in, nothing is buffered beyond the underlying writer.
 * <p>
 * Not thread safe: one thread writes one log. {@link #close()} ends the log (writes {@code #close}) and flushes, but
 * does not close the underlying writer, which belongs to the caller (it may be standard output).
 */
public final class ZeekConnLogWriter implements Consumer<ConnectionRecord>, AutoCloseable
{
    /** The {@code #fields} line's names, tab separated. */
    public static final String FIELDS = String.join("\t",
        "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service", "duration",
        "orig_bytes", "resp_bytes", "conn_state", "local_orig", "local_resp", "missed_bytes", "history",
        "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "tunnel_parents", "ip_proto");
    /** The {@code #types} line's types, tab separated, column for column with {@link #FIELDS}. */
    public static final String TYPES = String.join("\t",
        "time", "string", "addr", "port", "addr", "port", "enum", "string", "interval",
        "count", "count", "string", "bool", "bool", "count", "string",
        "count", "count", "count", "count", "set[string]", "count");

    /** Zeek's {@code #open}/{@code #close} format ({@code %Y-%m-%d-%H-%M-%S}, local time). */
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");
    private static final String UNSET = "-";
    private static final int IP_PROTO_TCP = 6;

    private final Writer out;
    private final Clock clock;
    private final StringBuilder line = new StringBuilder(256);
    private boolean headerWritten;
    private boolean closed;

    /**
     * A writer stamping {@code #open}/{@code #close} with the wall clock in the system time zone, as Zeek does.
     *
     * @param out where the log goes; the caller keeps ownership.
     */
    public ZeekConnLogWriter(final Writer out)
    {
        this(out, Clock.systemDefaultZone());
    }

    /**
     * @param out   where the log goes; the caller keeps ownership.
     * @param clock wall clock (and zone) for {@code #open}/{@code #close}; fixed in tests.
     */
    public ZeekConnLogWriter(final Writer out, final Clock clock)
    {
        this.out = out;
        this.clock = clock;
    }

    /**
     * Writes one record as one row (and the header first, if not written yet).
     *
     * @param record the connection; its client is Zeek's originator.
     * @throws IOException if the underlying writer fails.
     */
    public void write(final ConnectionRecord record) throws IOException
    {
        if (closed)
        {
            throw new IllegalStateException("conn.log already closed");
        }
        writeHeaderOnce();
        line.setLength(0);
        appendRow(line, record);
        out.append(line);
    }

    /**
     * {@link #write(ConnectionRecord)} for use as a sink (e.g. a tracker snapshot).
     *
     * @param record the connection.
     * @throws UncheckedIOException if the underlying writer fails.
     */
    @Override
    public void accept(final ConnectionRecord record)
    {
        try
        {
            write(record);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Ends the log: writes the header if no record came, then {@code #close}, and flushes. Idempotent.
     *
     * @throws IOException if the underlying writer fails.
     */
    @Override
    public void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        writeHeaderOnce();
        out.append("#close\t").append(now()).append('\n');
        out.flush();
        closed = true;
    }

    private void writeHeaderOnce() throws IOException
    {
        if (headerWritten)
        {
            return;
        }
        headerWritten = true;
        out.append("#separator \\x09\n")
            .append("#set_separator\t,\n")
            .append("#empty_field\t(empty)\n")
            .append("#unset_field\t-\n")
            .append("#path\tconn\n")
            .append("#open\t").append(now()).append('\n')
            .append("#fields\t").append(FIELDS).append('\n')
            .append("#types\t").append(TYPES).append('\n');
    }

    private String now()
    {
        return ZonedDateTime.now(clock).format(LOG_TIME);
    }

    /**
     * Appends one conn.log row (with its newline) for a record.
     *
     * @param sb     destination.
     * @param record the connection.
     */
    static void appendRow(final StringBuilder sb, final ConnectionRecord record)
    {
        final long durationMicros = toMicros(record.lastSeenNanos()) - toMicros(record.firstSeenNanos());
        appendSeconds(sb, toMicros(record.firstSeenNanos())).append('\t');
        sb.append(ZeekUid.of(record)).append('\t');
        sb.append(record.client().address()).append('\t').append(record.client().port()).append('\t');
        sb.append(record.server().address()).append('\t').append(record.server().port()).append('\t');
        sb.append("tcp\t");
        sb.append(UNSET).append('\t');
        // Zeek sets duration and the byte counts only when the duration is positive (Conn::set_conn).
        if (durationMicros > 0)
        {
            appendSeconds(sb, durationMicros).append('\t');
            sb.append(record.clientBytes()).append('\t').append(record.serverBytes()).append('\t');
        }
        else
        {
            sb.append(UNSET).append('\t').append(UNSET).append('\t').append(UNSET).append('\t');
        }
        sb.append(ZeekConnState.of(record)).append('\t');
        sb.append(UNSET).append('\t').append(UNSET).append('\t');
        sb.append(0).append('\t');
        final String history = record.history();
        sb.append(history == null || history.isEmpty() ? UNSET : history).append('\t');
        sb.append(record.clientPackets()).append('\t').append(record.clientIpBytes()).append('\t');
        sb.append(record.serverPackets()).append('\t').append(record.serverIpBytes()).append('\t');
        sb.append(UNSET).append('\t');
        sb.append(IP_PROTO_TCP).append('\n');
    }

    private static long toMicros(final long nanos)
    {
        // Zeek prints times with %.6f: round to the nearest microsecond.
        return Math.floorDiv(nanos + 500, 1000);
    }

    private static StringBuilder appendSeconds(final StringBuilder sb, final long micros)
    {
        final long seconds = Math.floorDiv(micros, 1_000_000L);
        final long fraction = Math.floorMod(micros, 1_000_000L);
        sb.append(seconds).append('.');
        for (long scale = 100_000L; scale > fraction && scale > 1; scale /= 10)
        {
            sb.append('0');
        }
        return sb.append(fraction);
    }
}
