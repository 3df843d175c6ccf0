package io.wirestat.capture.report.html;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.cli.Timestamps;
import io.wirestat.capture.report.timeline.Timeline;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --html FILE}: one self-contained page (its script, style and data inline; no network request, no external
 * file) that a person opens from a mail or a CI artifact. The data is aggregated: the timeline (thinned to at most
 * {@link TimelineSeries#MAX_POINTS} points), the alerts with their samples' timelines ({@link SampleTimelines}), the top services
 * by CLOSE_WAIT and TIME_WAIT, and a bounded connection table; the page draws it as SVG with its own small script
 * (report.js), so its size follows the alerts and the table's bound, not the packets. Cold path.
 */
public final class HtmlReport
{
    static final int TOP = 10;
    private static final JsonFactory JSON = new JsonFactory();

    private final AnalysisOptions options;
    private final List<Path> files;
    private final DetectorConfig config;
    private final int tableLimit;
    private final ConnectionTable.Order order;

    /**
     * @param options    the analysis's options (files, filter, tracker settings: the samples' pass reads them again).
     * @param config     the detectors' settings.
     * @param tableLimit connections in the table at most.
     * @param order      which connections the table keeps: first-seen, state-age, packets or bytes.
     */
    public HtmlReport(final AnalysisOptions options, final DetectorConfig config, final int tableLimit,
        final String order)
    {
        this.options = options;
        this.files = List.copyOf(options.files);
        this.config = config;
        this.tableLimit = tableLimit;
        this.order = ConnectionTable.Order.valueOf(order.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    /** @return the orders {@code --html-order} accepts. */
    public static String orders()
    {
        final List<String> names = new ArrayList<>();
        for (final ConnectionTable.Order o : ConnectionTable.Order.values())
        {
            names.add(o.toString());
        }
        return String.join(", ", names);
    }

    /**
     * Writes the page through a temporary file renamed into place.
     *
     * @param file     where.
     * @param report   the analysis.
     * @param alerts   its alerts, most severe first.
     * @param timeline its timeline.
     * @throws IOException if the capture cannot be read again or the file not written.
     */
    public void write(final Path file, final AnalysisReport report, final List<Alert> alerts, final Timeline timeline)
        throws IOException
    {
        final String page = page(report, alerts, timeline);
        final Path dir = file.toAbsolutePath().getParent();
        final Path tmp = Files.createTempFile(dir, ".wirestat-", ".html.tmp");
        try
        {
            Files.writeString(tmp, page, StandardCharsets.UTF_8);
            if (Files.getFileAttributeView(tmp, java.nio.file.attribute.PosixFileAttributeView.class) != null)
            {
                // A temporary file is private; a report is for sharing, like any file the user writes (umask 022).
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        finally
        {
            Files.deleteIfExists(tmp);
        }
    }

    /** @return the page's text. */
    String page(final AnalysisReport report, final List<Alert> alerts, final Timeline timeline) throws IOException
    {
        final String data = data(report, alerts, timeline).replace("</", "<\\/");
        return resource("report.html")
            .replace("/*STYLE*/", resource("report.css"))
            .replace("/*SCRIPT*/", resource("report.js"))
            .replace("/*DATA*/", data)
            .replace("<!--TITLE-->", escape("wirestat: " + title()));
    }

    private String title()
    {
        final List<String> names = new ArrayList<>();
        for (final Path p : files)
        {
            names.add(p.getFileName() == null ? p.toString() : p.getFileName().toString());
        }
        return String.join(", ", names);
    }

    private String data(final AnalysisReport report, final List<Alert> alerts, final Timeline timeline)
        throws IOException
    {
        final long asOf = report.lastNanos();
        final TopServices closeWait = new TopServices(TcpState.CLOSE_WAIT, asOf);
        final TopServices timeWait = new TopServices(TcpState.TIME_WAIT, asOf);
        final ConnectionTable table = new ConnectionTable(tableLimit, order);
        final long[] client = new long[TcpState.COUNT];
        final long[] server = new long[TcpState.COUNT];
        for (final ConnectionRecord r : report.records())
        {
            closeWait.accept(r);
            timeWait.accept(r);
            table.accept(r);
            client[r.clientState()]++;
            server[r.serverState()]++;
        }
        final List<String> samples = new ArrayList<>();
        for (final Alert a : alerts)
        {
            samples.addAll(a.samples());
        }
        final boolean stdin = files.stream().anyMatch(io.wirestat.capture.file.CaptureFiles::isStandardInput);
        final Map<String, SampleTimelines.Sample> timelines = SampleTimelines.collect(samples, options, asOf);

        final StringWriter text = new StringWriter(1 << 16);
        try (JsonGenerator g = JSON.createGenerator(text))
        {
            g.writeStartObject();
            g.writeStringField("title", title());
            g.writeArrayFieldStart("files");
            for (final Path p : files)
            {
                g.writeString(p.toString());
            }
            g.writeEndArray();
            g.writeStringField("filter", options.filter);
            time(g, "first", report.firstNanos());
            time(g, "last", asOf);
            g.writeNumberField("timeWait", config.timeWaitNanos() / 1e9);
            g.writeNumberField("portRange", config.portRangeSize());
            g.writeStringField("portRangeText", config.portRangeLow() + "-" + config.portRangeHigh());
            g.writeObjectFieldStart("counters");
            for (final Map.Entry<String, Long> c : report.counters().entrySet())
            {
                g.writeNumberField(c.getKey(), c.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("states");
            for (int s = 0; s < TcpState.COUNT; s++)
            {
                g.writeString(TcpState.name(s));
            }
            g.writeEndArray();
            counts(g, "clientNow", client);
            counts(g, "serverNow", server);
            TimelineSeries.write(g, timeline);
            writeAlerts(g, alerts, timelines, stdin);
            top(g, "topCloseWait", closeWait);
            top(g, "topTimeWait", timeWait);
            table(g, table);
            g.writeEndObject();
        }
        return text.toString();
    }

    private static void time(final JsonGenerator g, final String name, final long nanos) throws IOException
    {
        if (nanos == Timestamps.NONE)
        {
            g.writeNullField(name);
        }
        else
        {
            g.writeNumberField(name, Timestamps.epochSeconds(nanos));
        }
    }

    private static void counts(final JsonGenerator g, final String name, final long[] counts) throws IOException
    {
        g.writeArrayFieldStart(name);
        for (final long c : counts)
        {
            g.writeNumber(c);
        }
        g.writeEndArray();
    }

    private void writeAlerts(final JsonGenerator g, final List<Alert> alerts,
        final Map<String, SampleTimelines.Sample> timelines, final boolean stdin) throws IOException
    {
        g.writeStringField("samplesNote", stdin ? "The capture came from standard input, which cannot be read a "
            + "second time: the samples' per-connection timelines are left out (analyze the file to get them)." :
            null);
        g.writeArrayFieldStart("alerts");
        for (final Alert a : alerts)
        {
            g.writeStartObject();
            g.writeStringField("kind", a.kind());
            g.writeStringField("severity", a.severity().label());
            g.writeStringField("subject", a.subject());
            g.writeNumberField("count", a.count());
            g.writeNumberField("since", Timestamps.epochSeconds(a.sinceNanos()));
            g.writeNumberField("fired", Timestamps.epochSeconds(
                io.wirestat.capture.report.timeline.AlertOnsets.firedAt(a, config)));
            g.writeNumberField("age", a.ageNanos() / 1e9);
            g.writeStringField("message", a.message());
            g.writeObjectFieldStart("evidence");
            for (final Map.Entry<String, Object> e : a.evidence().entrySet())
            {
                g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
            }
            g.writeEndObject();
            g.writeArrayFieldStart("samples");
            for (final String label : a.samples())
            {
                sample(g, label, timelines.get(label));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void sample(final JsonGenerator g, final String label, final SampleTimelines.Sample s)
        throws IOException
    {
        g.writeStartObject();
        g.writeStringField("label", label);
        if (s != null && !s.changes().isEmpty())
        {
            g.writeStringField("history", s.history());
            g.writeNumberField("packets", s.packets());
            g.writeArrayFieldStart("changes");
            for (final SampleTimelines.Change c : s.changes())
            {
                g.writeStartArray();
                g.writeNumber(Timestamps.epochSeconds(c.nanos()));
                g.writeNumber(c.client());
                g.writeNumber(c.server());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("ticks");
            for (final SampleTimelines.Tick t : s.ticks())
            {
                g.writeStartArray();
                g.writeNumber(Timestamps.epochSeconds(t.nanos()));
                g.writeNumber(t.fromServer() ? 1 : 0);
                g.writeNumber(t.flags());
                g.writeNumber(t.payload());
                g.writeNumber(t.retransmit() ? 1 : 0);
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void top(final JsonGenerator g, final String name, final TopServices top) throws IOException
    {
        g.writeObjectFieldStart(name);
        g.writeNumberField("endpoints", top.size());
        g.writeArrayFieldStart("rows");
        for (final TopServices.Entry e : top.top(TOP))
        {
            g.writeStartArray();
            g.writeString(e.endpoint());
            g.writeString(e.side());
            g.writeNumber(e.count());
            g.writeNumber(e.oldestAgeNanos() / 1e9);
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void table(final JsonGenerator g, final ConnectionTable table) throws IOException
    {
        g.writeObjectFieldStart("table");
        g.writeNumberField("total", table.total());
        g.writeStringField("order", table.order().toString());
        g.writeArrayFieldStart("rows");
        for (final ConnectionRecord r : table.rows())
        {
            g.writeStartArray();
            g.writeString(r.client().toString());
            g.writeString(r.server().toString());
            g.writeNumber(r.clientState());
            g.writeNumber(r.serverState());
            g.writeNumber(Timestamps.epochSeconds(r.clientStateSinceNanos()));
            g.writeNumber(Timestamps.epochSeconds(r.serverStateSinceNanos()));
            g.writeNumber(Timestamps.epochSeconds(r.firstSeenNanos()));
            g.writeNumber(Timestamps.epochSeconds(r.lastSeenNanos()));
            g.writeNumber(r.clientPackets());
            g.writeNumber(r.serverPackets());
            g.writeNumber(r.clientBytes());
            g.writeNumber(r.serverBytes());
            g.writeString(r.history());
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static String resource(final String name)
    {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing resource " + name + " in the wirestat jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
