package io.wirestat.capture.live;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.wirestat.capture.report.jsonl.AlertObject;
import io.wirestat.capture.report.timeline.TimelineJsonl;
import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.state.TcpState;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live view for machines, JSON Lines: each refresh writes one {@code "type":"alert"} object per alert not
 * written before (by kind and subject; the same object as {@code analyze} writes, {@link AlertObject}), then one
 * {@code "type":"interval"} object with a {@code ts}, the per-state counts of both sides, the packet rate, the
 * counters (drops included) and the hot endpoints. It is not called {@code summary}: the final report's summary,
 * which follows in the same stream, has other fields, and one type has one shape. Then one
 * {@code "type":"timeline"} object, the row {@code analyze --timeline} would write for the time since the previous
 * refresh. Not thread safe.
 */
public final class JsonlView implements LiveView
{
    private static final JsonFactory FACTORY = JsonFactory.builder()
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .build();

    private final Writer out;
    private final Set<String> written = new HashSet<>();
    private final LiveTimeline timeline;
    private boolean broken;

    /**
     * @param out where to write; flushed after each refresh.
     */
    public JsonlView(final Writer out)
    {
        this(out, DetectorConfig.PORT_RANGE_HIGH_DEFAULT - DetectorConfig.PORT_RANGE_LOW_DEFAULT + 1);
    }

    /**
     * @param out       where to write; flushed after each refresh.
     * @param portRange the ephemeral port range's size, for the timeline rows.
     */
    public JsonlView(final Writer out, final int portRange)
    {
        this.out = out;
        this.timeline = new LiveTimeline(portRange);
    }

    @Override
    public void show(final LiveRefresh r)
    {
        try (JsonGenerator gen = FACTORY.createGenerator(out))
        {
            gen.setRootValueSeparator(null);
            for (final Alert alert : r.alerts())
            {
                if (written.add(alert.kind() + " " + alert.subject()))
                {
                    AlertObject.write(gen, alert);
                    gen.writeRaw('\n');
                }
            }
            writeSummary(gen, r);
            gen.writeRaw('\n');
            TimelineJsonl.write(gen, timeline.next(r));
            gen.writeRaw('\n');
            gen.flush();
            out.flush();
        }
        catch (final IOException ex)
        {
            broken = true;
        }
    }

    @Override
    public boolean broken()
    {
        return broken || out instanceof PrintWriter && ((PrintWriter)out).checkError();
    }

    private static void writeSummary(final JsonGenerator gen, final LiveRefresh r) throws IOException
    {
        final LiveStatus s = r.status();
        gen.writeStartObject();
        gen.writeStringField("type", "interval");
        gen.writeNumberField("ts", LiveRefresh.epochSeconds(s.asOfNanos()));
        gen.writeStringField("interface", r.device());
        gen.writeNumberField("connections", s.connections().size());
        gen.writeNumberField("packets_per_second", Math.round(r.packetsPerSecond() * 10) / 10.0);
        states(gen, "client_states", r.clientStates());
        states(gen, "server_states", r.serverStates());
        gen.writeNumberField("alerts", r.alerts().size());
        hotspots(gen, "top_close_wait", r.closeWaitTop());
        hotspots(gen, "top_time_wait", r.timeWaitTop());
        gen.writeObjectFieldStart("counters");
        for (final Map.Entry<String, Long> counter : s.counters().entrySet())
        {
            gen.writeNumberField(counter.getKey(), counter.getValue());
        }
        gen.writeEndObject();
        gen.writeEndObject();
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

    private static void hotspots(final JsonGenerator gen, final String name, final List<Hotspot> top)
        throws IOException
    {
        gen.writeArrayFieldStart(name);
        for (final Hotspot h : top)
        {
            gen.writeStartObject();
            gen.writeStringField("endpoint", h.endpoint());
            gen.writeNumberField("count", h.count());
            gen.writeStringField("process", h.owner());
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }
}
