package io.wirestat.capture.report.jsonl;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.wirestat.tracker.report.Endpoint;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The byte-level JSON pieces against what jackson-core (which wrote the jsonl lines before) writes. */
class JsonLineBufferTest
{
    private static final JsonFactory FACTORY = JsonFactory.builder()
        .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    @Test
    void numbersAsJacksonWritesThem() throws IOException
    {
        final long[] edge = {0, 1, -1, 9, 10, 99, 100, 999_999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1_000_000_000_000_000_000L};
        for (final long v : edge)
        {
            assertEquals(jackson(g -> g.writeNumber(v)), ours(b -> b.number(v)), "number " + v);
        }
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++)
        {
            final long v = random.nextLong() >> random.nextInt(64);
            assertEquals(jackson(g -> g.writeNumber(v)), ours(b -> b.number(v)), "number " + v);
        }
    }

    @Test
    void epochSecondsAsTheBigDecimalTheyReplace() throws IOException
    {
        final long[] edge = {0, 1, 999, 1_000, 1_001, -1, -999, -1_000, -1_001, 1_000_000_000L, -1_000_000_000L,
            1_795_422_008_300_846_123L, Long.MAX_VALUE, Long.MIN_VALUE, 123_456_789L, -123_456_789L};
        for (final long v : edge)
        {
            assertEquals(jackson(g -> g.writeNumber(seconds(v))), ours(b -> b.epochSeconds(v)), "nanos " + v);
        }
        final SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++)
        {
            final long v = random.nextLong() >> random.nextInt(64);
            assertEquals(jackson(g -> g.writeNumber(seconds(v))), ours(b -> b.epochSeconds(v)), "nanos " + v);
        }
    }

    @Test
    void stringsEscapedAsJacksonEscapesThem() throws IOException
    {
        final String[] texts = {"", "ShADadFf", "ESTABLISHED", "a\"b\\c", "tab\there\nnew\rline\b\f",
            "\u0000\u0001\u001f\u007f", "caf\u00e9 \u20ac \ud83d\ude00 end", "mixed \u00e9\"\n\u0002"};
        for (final String text : texts)
        {
            assertEquals(jackson(g -> g.writeString(text)), ours(b -> b.string(text)), "string " + text);
        }
    }

    @Test
    void endpointsAsEndpointToString() throws IOException
    {
        final Endpoint[] endpoints = {
            Endpoint.parse("198.18.0.1", 33578), Endpoint.parse("0.0.0.0", 0), Endpoint.parse("255.255.255.255", 65535),
            Endpoint.parse("fd00::1", 8080), Endpoint.parse("::", 1), Endpoint.parse("::1", 2),
            Endpoint.parse("1::", 3), Endpoint.parse("2001:db8:0:0:1:0:0:1", 4), Endpoint.parse("2001:0:0:1::1", 5),
            Endpoint.parse("1:2:3:4:5:6:7:8", 6), Endpoint.parse("1:0:3:4:5:6:7:8", 7),
            Endpoint.parse("abcd:ef01:2345:6789:abcd:ef01:2345:6789", 8), Endpoint.parse("::ffff:1.2.3.4", 9),
            Endpoint.parse("::1.2.3.4", 10)};
        for (final Endpoint e : endpoints)
        {
            assertEquals(jackson(g -> g.writeString(e.toString())),
                ours(b -> b.endpoint(e.hi(), e.lo(), e.port())), "endpoint " + e);
        }
        final SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 20_000; i++)
        {
            // Sparse groups, so that runs of zeros of every length and position occur.
            long hi = 0;
            long lo = 0;
            for (int g = 0; g < 4; g++)
            {
                hi = (hi << 16) | (random.nextInt(3) == 0 ? random.nextInt(0x10000) : 0);
                lo = (lo << 16) | (random.nextInt(3) == 0 ? random.nextInt(0x10000) : 0);
            }
            final Endpoint e = new Endpoint(hi, lo, random.nextInt(65536));
            assertEquals(jackson(g -> g.writeString(e.toString())),
                ours(b -> b.endpoint(e.hi(), e.lo(), e.port())), "endpoint " + e);
        }
    }

    @Test
    void writerDrainDecodesUtf8() throws IOException
    {
        final JsonLineBuffer buffer = new JsonLineBuffer(4);
        buffer.string("ascii").string("caf\u00e9");
        final StringWriter out = new StringWriter();
        buffer.drainTo(out);
        assertEquals("\"ascii\"\"caf\u00e9\"", out.toString());
        assertEquals(0, buffer.length());
    }

    private static BigDecimal seconds(final long nanos)
    {
        return BigDecimal.valueOf(Math.floorDiv(nanos, 1_000L), 6);
    }

    private interface GeneratorCall
    {
        void write(JsonGenerator generator) throws IOException;
    }

    private interface BufferCall
    {
        void write(JsonLineBuffer buffer);
    }

    private static String jackson(final GeneratorCall call) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(bytes, JsonEncoding.UTF8))
        {
            call.write(generator);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String ours(final BufferCall call) throws IOException
    {
        final JsonLineBuffer buffer = new JsonLineBuffer(1);
        call.write(buffer);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        buffer.drainTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
