package io.wirestat.capture.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One JSON schema: objects of the same type have the same fields with the same JSON types, whether {@code analyze}
 * wrote them or {@code live} did (its interval lines and its final report), on the same capture ({@code demo.pcap},
 * read by {@code live -r} on packet time). Counts are JSON integers everywhere, measured quantities numbers with a
 * fraction; live's periodic object is {@code interval}, not a second shape of {@code summary}.
 */
class JsonSchemaTest
{
    private static final String DEMO = GroupByCliTest.fixture("replay-fixtures/captures/kernel/demo.pcap").toString();

    @Test
    void shouldWriteTheSameFieldsAndTypesLiveAndOffline() throws IOException
    {
        // With --timeline, so that the timeline objects of both are compared too.
        final List<Map<String, Object>> offline = all(GroupByCliTest.run("analyze", "--format", "jsonl",
            "--timeline", "20s", DEMO));
        final String liveText = GroupByCliTest.run("live", "-r", DEMO, "--format", "jsonl", "--interval", "20s");
        final List<Map<String, Object>> live = all(liveText);

        final Map<String, Map<String, String>> offlineTypes = signatures(offline);
        final Map<String, Map<String, String>> liveTypes = signatures(live);
        for (final String type : List.of("connection", "alert", "timeline", "summary"))
        {
            assertTrue(offlineTypes.keySet().stream().anyMatch(k -> k.startsWith(type)), type + " offline");
        }
        int compared = 0;
        for (final Map.Entry<String, Map<String, String>> e : liveTypes.entrySet())
        {
            if (e.getKey().startsWith("interval"))
            {
                continue;
            }
            assertEquals(offlineTypes.get(e.getKey()), e.getValue(), "live vs offline " + e.getKey());
            compared++;
        }
        assertTrue(compared >= 6, "connection, timeline, summary and the three alert kinds: " + liveTypes.keySet());
        assertEquals("float", liveTypes.get("timeline").get("interval"));
        assertEquals("int", liveTypes.get("timeline").get("server_close_wait"));

        // The interval object: its own type, integer counts.
        final Map<String, String> interval = liveTypes.get("interval");
        assertEquals("int", interval.get("connections"));
        assertEquals("int", interval.get("alerts"));
        assertEquals("int", interval.get("client_states.CLOSE_WAIT"));
        assertEquals("float", interval.get("packets_per_second"));
        assertFalse(liveText.contains("\"type\":\"summary\",\"ts\""), "no second shape of summary");
        // Alert evidence: counts are integers (the interval alerts used to write "stuck":12.0).
        final Map<String, String> leak = offlineTypes.get("alert stuck_close_wait");
        assertEquals("int", leak.get("evidence.stuck"));
        assertEquals("int", leak.get("count"));
        assertEquals("float", leak.get("evidence.threshold_seconds"));
        assertTrue(liveText.contains("\"evidence\":{\"stuck\":12,"), liveText);
    }

    /** @return per type (alerts per kind), every field path's JSON type; objects of one type must agree. */
    private static Map<String, Map<String, String>> signatures(final List<Map<String, Object>> objects)
    {
        final Map<String, Map<String, String>> byType = new TreeMap<>();
        for (final Map<String, Object> object : objects)
        {
            final String type = "alert".equals(object.get("type")) ?
                "alert " + object.get("kind") : (String)object.get("type");
            final Map<String, String> signature = new TreeMap<>();
            flatten("", object, signature);
            final Map<String, String> seen = byType.putIfAbsent(type, signature);
            if (seen != null)
            {
                assertEquals(seen, signature, "two shapes of " + type);
            }
        }
        return byType;
    }

    private static void flatten(final String prefix, final Map<String, Object> object, final Map<String, String> out)
    {
        for (final Map.Entry<String, Object> e : object.entrySet())
        {
            final String path = prefix + e.getKey();
            final Object v = e.getValue();
            if (v instanceof Map)
            {
                @SuppressWarnings("unchecked") final Map<String, Object> nested = (Map<String, Object>)v;
                if ("counters".equals(path))
                {
                    out.put(path, "object");
                    nested.values().forEach(c -> assertTrue(c instanceof Long, "counter " + c));
                    continue;
                }
                flatten(path + ".", nested, out);
            }
            else
            {
                out.put(path, v == null ? "null" : v instanceof Long ? "int" : v instanceof BigDecimal ? "float"
                    : v instanceof String ? "string" : v instanceof Boolean ? "bool" : v instanceof List ? "array"
                    : v.getClass().getSimpleName());
            }
        }
    }

    private static List<Map<String, Object>> all(final String jsonl) throws IOException
    {
        final List<Map<String, Object>> objects = new ArrayList<>();
        for (final String line : jsonl.split("\n"))
        {
            if (!line.isEmpty())
            {
                objects.add(JsonlReportWriterTest.parseLine(line));
            }
        }
        return objects;
    }
}
