package io.wirestat.bench.gen;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON lines {@code wirestat analyze|live --format jsonl} wrote, read field by field (no JSON library). */
final class FloodReport
{
    final List<String> connections = new ArrayList<>();
    final List<String> alerts = new ArrayList<>();
    final String summary;

    FloodReport(final String jsonl)
    {
        String last = null;
        for (final String line : jsonl.split("\n"))
        {
            if (line.startsWith("{\"type\":\"connection\""))
            {
                connections.add(line);
            }
            else if (line.startsWith("{\"type\":\"alert\""))
            {
                alerts.add(line);
            }
            else if (line.startsWith("{\"type\":\"summary\""))
            {
                last = line;
            }
        }
        assertNotNull(last, "a summary line in " + tail(jsonl));
        summary = last;
    }

    /** @return a counter of the summary's "counters" object. */
    long counter(final String name)
    {
        return number(summary.substring(summary.indexOf("\"counters\"")), name);
    }

    /** @return the connection whose client is {@code client}, or null. */
    String connection(final String client)
    {
        for (final String line : connections)
        {
            if (line.contains("\"client\":\"" + client + "\""))
            {
                return line;
            }
        }
        return null;
    }

    boolean hasAlert(final String kind, final String subject)
    {
        for (final String line : alerts)
        {
            if (line.contains("\"kind\":\"" + kind + "\"") && line.contains("\"subject\":\"" + subject + "\""))
            {
                return true;
            }
        }
        return false;
    }

    static String text(final String json, final String name)
    {
        final Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }

    static long number(final String json, final String name)
    {
        final Matcher m = Pattern.compile("\"" + name + "\":(\\d+)[,}]").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    /** @return an epoch-seconds field (6 decimals) as microseconds, exactly. */
    static long micros(final String json, final String name)
    {
        final Matcher m = Pattern.compile("\"" + name + "\":([0-9.]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return new BigDecimal(m.group(1)).movePointRight(6).longValueExact();
    }

    static String tail(final String text)
    {
        return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
    }
}
