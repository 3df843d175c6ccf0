package io.wirestat.capture.report.timeline;

import com.fasterxml.jackson.core.JsonGenerator;
import io.wirestat.capture.cli.Timestamps;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writes timeline rows as {@code {"type":"timeline", ...}} JSON objects, one per line, keys in
 * {@link Timeline#COLUMNS} order: {@code t} in epoch seconds (microseconds), {@code time} ISO-8601 UTC,
 * {@code interval} in seconds (always with a fraction: a duration is a number with a fraction in every wirestat
 * object), counts as integers, absent strings as {@code ""} (one type per field). The same objects offline and live.
 */
public final class TimelineJsonl
{
    private TimelineJsonl()
    {
    }

    /**
     * @param gen      where to write; the caller separates lines.
     * @param timeline the timeline.
     * @throws IOException if writing fails.
     */
    public static void write(final JsonGenerator gen, final Timeline timeline) throws IOException
    {
        for (int r = 0; r < timeline.size(); r++)
        {
            write(gen, timeline.values(r));
            gen.writeRaw('\n');
        }
    }

    /**
     * @param gen    where to write one object.
     * @param values a row's values, as {@link Timeline#values}.
     * @throws IOException if writing fails.
     */
    public static void write(final JsonGenerator gen, final Object[] values) throws IOException
    {
        final List<String> names = Timeline.COLUMNS;
        gen.writeStartObject();
        gen.writeStringField("type", "timeline");
        gen.writeNumberField(names.get(0), Timestamps.epochSeconds((Long)values[0]));
        gen.writeStringField(names.get(1), Timestamps.iso((Long)values[1]));
        gen.writeNumberField(names.get(2), seconds((Long)values[2]));
        for (int i = 3; i < values.length; i++)
        {
            final Object v = values[i];
            if (v == null)
            {
                gen.writeStringField(names.get(i), "");
            }
            else if (v instanceof Long)
            {
                gen.writeNumberField(names.get(i), (Long)v);
            }
            else
            {
                gen.writeStringField(names.get(i), v.toString());
            }
        }
        gen.writeEndObject();
    }

    /** @return nanoseconds as seconds, exact, without trailing zeros past the first decimal ({@code 20.0}). */
    static BigDecimal seconds(final long nanos)
    {
        final BigDecimal d = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
        return d.scale() < 1 ? d.setScale(1) : d;
    }
}
