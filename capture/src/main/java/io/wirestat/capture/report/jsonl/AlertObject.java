package io.wirestat.capture.report.jsonl;

import com.fasterxml.jackson.core.JsonGenerator;
import io.wirestat.tracker.detect.Alert;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Writes one {@code "type":"alert"} JSON object, the same for {@code analyze}, {@code live}'s interval lines and its
 * final report, so that one schema ({@code docs/cli.md}) holds everywhere: {@code ts} (the time the alert was
 * evaluated at), {@code since} and {@code age_seconds}; evidence counts as JSON integers, measured quantities
 * (seconds, rates, percentages) as JSON numbers with a fraction, whatever the caller. Stateless; thread safe.
 */
public final class AlertObject
{
    private static final int MICROS_SCALE = 6;

    private AlertObject()
    {
    }

    /**
     * @param gen   where to write (the object only; the caller ends the line).
     * @param alert the alert.
     * @throws IOException if writing fails.
     */
    public static void write(final JsonGenerator gen, final Alert alert) throws IOException
    {
        gen.writeStartObject();
        gen.writeStringField("type", "alert");
        gen.writeNumberField("ts", seconds(alert.asOfNanos()));
        gen.writeStringField("kind", alert.kind());
        gen.writeStringField("severity", alert.severity().label());
        gen.writeStringField("subject", alert.subject());
        gen.writeNumberField("count", alert.count());
        gen.writeNumberField("since", seconds(alert.sinceNanos()));
        gen.writeNumberField("age_seconds", seconds(alert.ageNanos()));
        gen.writeObjectFieldStart("evidence");
        for (final Map.Entry<String, Object> e : alert.evidence().entrySet())
        {
            writeEvidence(gen, e.getKey(), e.getValue());
        }
        gen.writeEndObject();
        gen.writeArrayFieldStart("samples");
        for (final String sample : alert.samples())
        {
            gen.writeString(sample);
        }
        gen.writeEndArray();
        gen.writeStringField("message", alert.message());
        gen.writeEndObject();
    }

    /**
     * Integral evidence (counts: {@code stuck}, {@code peak}, {@code sources}) stays integral; fractional evidence
     * (seconds, rates, percentages) always carries a fraction ({@code 60.0}), so a field's JSON type never depends
     * on its value.
     */
    private static void writeEvidence(final JsonGenerator gen, final String name, final Object value)
        throws IOException
    {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)
        {
            gen.writeNumberField(name, ((Number)value).longValue());
        }
        else if (value instanceof Number)
        {
            gen.writeNumberField(name, ((Number)value).doubleValue());
        }
        else if (value instanceof Boolean)
        {
            gen.writeBooleanField(name, (Boolean)value);
        }
        else
        {
            gen.writeStringField(name, String.valueOf(value));
        }
    }

    /** Epoch seconds (or a duration in seconds) with exactly six decimals, as every wirestat JSON time. */
    private static BigDecimal seconds(final long nanos)
    {
        return BigDecimal.valueOf(Math.floorDiv(nanos, 1_000L), MICROS_SCALE);
    }
}
