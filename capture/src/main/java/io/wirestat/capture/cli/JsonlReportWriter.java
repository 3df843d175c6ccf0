package io.wirestat.capture.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.analysis.DetectingRecordFeed;
import io.wirestat.capture.analysis.FileFault;
import io.wirestat.capture.report.jsonl.AlertObject;
import io.wirestat.capture.report.jsonl.ConnectionLine;
import io.wirestat.capture.report.jsonl.JsonLineBuffer;
import io.wirestat.capture.report.timeline.TimelineJsonl;
import io.wirestat.capture.report.timeline.TimelineSection;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.Detectors;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a report for machines: JSON Lines, one object per line, streamed: connection lines composed byte by byte
 * ({@link ConnectionLine}) as the report's records are rebuilt, alerts and the summary with jackson-core's
 * {@link JsonGenerator} (no data binding, no record held). First one {@code "type":"connection"} object
 * per selected connection record, closed ones included; then one {@code "type":"alert"} object per alert, most
 * severe first (when detectors ran); then one {@code "type":"summary"} object. Timestamps are
 * epoch seconds with microsecond precision, as JSON numbers (Zeek's {@code ts}); states use netstat's spelling.
 * The schema is documented in {@code docs/cli.md}. Not thread safe; one per rendering.
 */
public final class JsonlReportWriter
{
    private static final JsonFactory FACTORY = JsonFactory.builder()
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .build();
    /** Connection lines are handed to the output in chunks of about this size. */
    private static final int LINE_BUFFER_BYTES = 1 << 15;

    private final Writer out;
    private final OutputStream bytes;
    private final ConnectionFilter filter;
    private final ConnectionLine connectionLine = new ConnectionLine();
    private TimelineSection timeline;
    private boolean writeTimeline;

    /**
     * @param out    where to write; flushed, not closed.
     * @param filter which connections to write.
     */
    public JsonlReportWriter(final Writer out, final ConnectionFilter filter)
    {
        this.out = out;
        this.bytes = null;
        this.filter = filter;
    }

    /**
     * Writes UTF-8 bytes straight to a stream: for large reports (hundreds of thousands of lines), Jackson's byte
     * generator avoids encoding every character through a Writer.
     *
     * @param bytes  where to write; flushed, not closed.
     * @param filter which connections to write.
     */
    public JsonlReportWriter(final OutputStream bytes, final ConnectionFilter filter)
    {
        this.out = null;
        this.bytes = bytes;
        this.filter = filter;
    }

    /**
     * @param section the timeline's gathering, handed every record of the pass (null for none).
     * @param write   true to write its rows before the summary ({@code --timeline}); false when only another
     *                output needs it ({@code --html}).
     * @return this.
     */
    public JsonlReportWriter timeline(final TimelineSection section, final boolean write)
    {
        this.timeline = section;
        this.writeTimeline = write && section != null;
        return this;
    }

    /**
     * @param report to render.
     * @param files  the analysed files, listed in the summary.
     * @throws IOException if writing fails.
     */
    public void write(final AnalysisReport report, final List<Path> files) throws IOException
    {
        write(report, files, (List<Alert>)null, false);
    }

    /**
     * @param report     to render.
     * @param files      the analysed files, listed in the summary.
     * @param alerts     the detectors' alerts, most severe first, written after the connections and before the
     *                   summary (which then counts them by kind); null when detectors did not run.
     * @param alertsOnly true to write the alert objects alone: no connections, no summary.
     * @throws IOException if writing fails.
     */
    public void write(
        final AnalysisReport report, final List<Path> files, final List<Alert> alerts, final boolean alertsOnly)
        throws IOException
    {
        write(report, files, null, alerts, alertsOnly);
    }

    /**
     * Writes the connections while the detectors look at the same records, in one pass (each record is rebuilt
     * once): in this format the alerts follow the connections, so they are known when they are due.
     *
     * @param report     to render.
     * @param files      the analysed files, listed in the summary.
     * @param detectors  a started detector run, handed every record (whatever the selection); its alerts are written
     *                   after the connections.
     * @param alertsOnly true to write the alert objects alone: no connections, no summary.
     * @return the detectors' alerts, most severe first.
     * @throws IOException if writing fails.
     */
    public List<Alert> write(
        final AnalysisReport report, final List<Path> files, final Detectors.Run detectors, final boolean alertsOnly)
        throws IOException
    {
        return write(report, files, detectors, null, alertsOnly);
    }

    private List<Alert> write(
        final AnalysisReport report,
        final List<Path> files,
        final Detectors.Run detectors,
        final List<Alert> givenAlerts,
        final boolean alertsOnly)
        throws IOException
    {
        final StateCounts counts = new StateCounts();
        // Connections are composed byte by byte (hundreds of thousands of lines), streamed from the report's
        // records as they are rebuilt; alerts and the summary (a few lines) go through Jackson's generator after.
        final JsonLineBuffer line = new JsonLineBuffer(LINE_BUFFER_BYTES);
        final List<Alert> alerts;
        // The records are rebuilt and seen by the detectors on a thread of their own while this one writes them.
        try (DetectingRecordFeed feed = detectors != null ? new DetectingRecordFeed(report.records(), detectors) : null)
        {
            writeConnections(feed != null ? feed : report.records(), line, counts, alertsOnly);
            alerts = feed != null ? feed.finish() : givenAlerts;
        }
        try (JsonGenerator gen = bytes != null ? FACTORY.createGenerator(bytes, JsonEncoding.UTF8)
            : FACTORY.createGenerator(out))
        {
            // One object per line: no separator between root values, a newline after each instead.
            gen.setRootValueSeparator(null);
            if (alerts != null)
            {
                for (final Alert alert : alerts)
                {
                    AlertObject.write(gen, alert);
                    gen.writeRaw('\n');
                }
            }
            if (writeTimeline && !alertsOnly)
            {
                TimelineJsonl.write(gen, timeline.finish(alerts == null ? List.of() : alerts));
            }
            if (!alertsOnly)
            {
                writeSummary(gen, report, files, counts, alerts);
                gen.writeRaw('\n');
            }
        }
        if (out != null)
        {
            out.flush();
        }
        else
        {
            bytes.flush();
        }
        return alerts;
    }

    private void writeConnections(
        final Iterable<ConnectionRecord> records,
        final JsonLineBuffer line,
        final StateCounts counts,
        final boolean alertsOnly)
        throws IOException
    {
        for (final ConnectionRecord record : records)
        {
            if (timeline != null)
            {
                timeline.accept(record);
            }
            if (filter.matches(record))
            {
                counts.add(record);
                if (!alertsOnly)
                {
                    connectionLine.append(line, record);
                    if (line.length() >= LINE_BUFFER_BYTES)
                    {
                        drain(line);
                    }
                }
            }
        }
        drain(line);
    }

    /**
     * {@code --group-by --format jsonl}: one {@code "type":"group"} object per row, in order, and nothing else.
     *
     * @param groups    the groups.
     * @param rows      the rows to write, in order.
     * @param asOfNanos the report's time, for ages.
     * @throws IOException if writing fails.
     */
    public void writeGroups(final StateGroups groups, final List<StateGroups.Row> rows, final long asOfNanos)
        throws IOException
    {
        try (JsonGenerator gen = bytes != null ? FACTORY.createGenerator(bytes, JsonEncoding.UTF8)
            : FACTORY.createGenerator(out))
        {
            gen.setRootValueSeparator(null);
            for (final StateGroups.Row row : rows)
            {
                gen.writeStartObject();
                gen.writeStringField("type", "group");
                gen.writeStringField("by", groups.key().toString());
                gen.writeStringField("key", row.label);
                gen.writeNumberField("connections", row.connections);
                states(gen, "states", row.states);
                states(gen, "client_states", row.client);
                states(gen, "server_states", row.server);
                if (row.hasStuck())
                {
                    gen.writeStringField("oldest_stuck_state", TcpState.name(row.oldestStuckState));
                    gen.writeNumberField("oldest_stuck_seconds", Timestamps.epochSeconds(asOfNanos - row.oldestStuckSince));
                }
                else
                {
                    gen.writeNullField("oldest_stuck_state");
                    gen.writeNullField("oldest_stuck_seconds");
                }
                gen.writeEndObject();
                gen.writeRaw('\n');
            }
        }
        if (out != null)
        {
            out.flush();
        }
        else
        {
            bytes.flush();
        }
    }

    private static void states(final JsonGenerator gen, final String name, final long[] counts) throws IOException
    {
        gen.writeObjectFieldStart(name);
        for (int state = 0; state < TcpState.COUNT; state++)
        {
            gen.writeNumberField(TcpState.name(state), counts[state]);
        }
        gen.writeEndObject();
    }

    private void drain(final JsonLineBuffer line) throws IOException
    {
        if (bytes != null)
        {
            line.drainTo(bytes);
        }
        else
        {
            line.drainTo(out);
        }
    }

    private static void writeSummary(
        final JsonGenerator gen,
        final AnalysisReport report,
        final List<Path> files,
        final StateCounts counts,
        final List<Alert> alerts) throws IOException
    {
        gen.writeStartObject();
        gen.writeStringField("type", "summary");
        gen.writeArrayFieldStart("files");
        for (final Path file : files)
        {
            gen.writeString(file.toString());
        }
        gen.writeEndArray();
        writeTimestampField(gen, "first_seen", report.firstNanos());
        writeTimestampField(gen, "last_seen", report.lastNanos());
        gen.writeNumberField("connections", counts.connections());
        gen.writeObjectFieldStart("client_states");
        for (int state = 0; state < TcpState.COUNT; state++)
        {
            gen.writeNumberField(TcpState.name(state), counts.client(state));
        }
        gen.writeEndObject();
        gen.writeObjectFieldStart("server_states");
        for (int state = 0; state < TcpState.COUNT; state++)
        {
            gen.writeNumberField(TcpState.name(state), counts.server(state));
        }
        gen.writeEndObject();
        writeUncertain(gen, "client_states_uncertain", counts, true);
        writeUncertain(gen, "server_states_uncertain", counts, false);
        gen.writeObjectFieldStart("capture_point");
        gen.writeStringField("side", report.capturePoint().side());
        gen.writeStringField("basis", report.capturePoint().basis());
        gen.writeEndObject();
        gen.writeObjectFieldStart("counters");
        for (final Map.Entry<String, Long> counter : report.counters().entrySet())
        {
            gen.writeNumberField(counter.getKey(), counter.getValue());
        }
        gen.writeEndObject();
        gen.writeArrayFieldStart("faults");
        for (final FileFault fault : report.faults())
        {
            gen.writeStartObject();
            gen.writeStringField("file", fault.file().toString());
            gen.writeNumberField("offset", fault.fault().byteOffset());
            gen.writeStringField("message", fault.fault().message());
            gen.writeEndObject();
        }
        gen.writeEndArray();
        if (alerts != null)
        {
            final Map<String, Long> byKind = new TreeMap<>();
            for (final Alert alert : alerts)
            {
                byKind.merge(alert.kind(), 1L, Long::sum);
            }
            gen.writeObjectFieldStart("alerts_by_kind");
            for (final Map.Entry<String, Long> e : byKind.entrySet())
            {
                gen.writeNumberField(e.getKey(), e.getValue());
            }
            gen.writeEndObject();
        }
        gen.writeEndObject();
    }

    /** Only the states some endpoint is uncertainly reported in: an empty object when every state is decided. */
    private static void writeUncertain(
        final JsonGenerator gen, final String name, final StateCounts counts, final boolean client) throws IOException
    {
        gen.writeObjectFieldStart(name);
        for (int state = 0; state < TcpState.COUNT; state++)
        {
            final long n = client ? counts.clientUncertain(state) : counts.serverUncertain(state);
            if (n > 0)
            {
                gen.writeNumberField(TcpState.name(state), n);
            }
        }
        gen.writeEndObject();
    }

    private static void writeTimestampField(final JsonGenerator gen, final String name, final long epochNanos)
        throws IOException
    {
        if (epochNanos == Timestamps.NONE)
        {
            gen.writeNullField(name);
        }
        else
        {
            gen.writeNumberField(name, Timestamps.epochSeconds(epochNanos));
        }
    }
}
