package io.wirestat.bench.gen;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.wirestat.capture.cli.WirestatCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wirestat analyze --group-by} on a capture from the bench's generator (100 k packets, about 5 k
 * connections of a busy edge: IPv4 and IPv6 clients, leaks, floods, TIME_WAIT churn), made here with a fixed seed:
 * for every key, the per-group connection and per-side state counts equal those computed from the jsonl
 * connection objects of the same capture, and the table's and csv's rows say the same.
 */
class GeneratedCaptureGroupByTest
{
    private static final JsonFactory JSON = new JsonFactory();
    private static final List<String> KEYS = List.of("service", "server", "client", "client-net/16", "client-net/48",
        "port");

    @TempDir
    static Path dir;
    private static Path capture;
    private static List<Map<String, String>> connections;

    @BeforeAll
    static void generate() throws IOException
    {
        capture = dir.resolve("edge.pcap");
        final GeneratorOptions options = GeneratorOptions.parse("-o", capture.toString(), "--packets", "100000",
            "--connections", "5000", "--quiet");
        CaptureGenerator.generateFile(options);
        connections = objects(run("analyze", "--format", "jsonl", "--all", capture.toString()), "connection");
        assertTrue(connections.size() > 2_500, "a busy capture: " + connections.size());
    }

    @Test
    void shouldCountEveryKeysGroupsAsTheConnectionsSay() throws IOException
    {
        for (final String key : KEYS)
        {
            final Map<String, Map<String, Long>> expected = new TreeMap<>();
            for (final Map<String, String> c : connections)
            {
                final Map<String, Long> counts = expected.computeIfAbsent(group(key, c), g -> new TreeMap<>());
                counts.merge("connections", 1L, Long::sum);
                counts.merge("client " + c.get("client_state"), 1L, Long::sum);
                counts.merge("server " + c.get("server_state"), 1L, Long::sum);
            }
            final List<Map<String, String>> groups = objects(run("analyze", "--format", "jsonl", "--all",
                "--group-by", key, capture.toString()), "group");
            final Map<String, Map<String, Long>> actual = new TreeMap<>();
            long total = 0;
            for (final Map<String, String> g : groups)
            {
                final Map<String, Long> counts = new TreeMap<>();
                for (final Map.Entry<String, String> e : g.entrySet())
                {
                    final boolean count = e.getKey().equals("connections") || e.getKey().startsWith("client_states.")
                        || e.getKey().startsWith("server_states.");
                    if (count && !"0".equals(e.getValue()))
                    {
                        counts.put(e.getKey().replace("_states.", " "), Long.parseLong(e.getValue()));
                    }
                }
                total += counts.get("connections");
                assertTrue(actual.put(normalise(key, g.get("key")), counts) == null, "one row per group: " + g);
            }
            assertEquals(connections.size(), total, key);
            assertEquals(expected, actual, key);

            // csv and the table: one row per group, the same first group.
            final String[] csv = run("analyze", "--format", "csv", "--all", "--group-by", key, capture.toString())
                .split("\r\n");
            assertEquals(groups.size() + 1, csv.length, key);
            assertEquals(groups.get(0).get("key") + "," + groups.get(0).get("connections"),
                csv[1].split(",")[1] + "," + csv[1].split(",")[2], key);
            final String table = run("analyze", "--all", "--group-by", key, "--limit", "3", capture.toString());
            assertTrue(table.contains("\n" + groups.get(0).get("key") + " "), key + "\n" + table);
        }
    }

    private static String group(final String key, final Map<String, String> c) throws IOException
    {
        final String server = c.get("server");
        switch (key)
        {
            case "service":
                return server;
            case "server":
                return normalise(key, host(server));
            case "client":
                return normalise(key, host(c.get("client")));
            case "port":
                return server.substring(server.lastIndexOf(':') + 1);
            default:
                final int bits = Integer.parseInt(key.substring(key.indexOf('/') + 1));
                final byte[] a = InetAddress.getByName(host(c.get("client"))).getAddress();
                final int kept = Math.min(bits, a.length * 8);
                for (int i = 0; i < a.length; i++)
                {
                    a[i] &= (byte)(0xFF << (8 - Math.max(0, Math.min(8, kept - i * 8))));
                }
                return hex(a) + "/" + kept;
        }
    }

    private static String normalise(final String key, final String label) throws IOException
    {
        if (key.startsWith("client-net/"))
        {
            final int slash = label.lastIndexOf('/');
            return hex(InetAddress.getByName(label.substring(0, slash)).getAddress()) + label.substring(slash);
        }
        return "server".equals(key) || "client".equals(key) ? hex(InetAddress.getByName(label).getAddress()) : label;
    }

    private static String host(final String endpoint)
    {
        final String h = endpoint.substring(0, endpoint.lastIndexOf(':'));
        return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    }

    private static String hex(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte b : bytes)
        {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    /** @return the objects of a type, flattened to path → scalar text ({@code client_states.CLOSE_WAIT}). */
    private static List<Map<String, String>> objects(final String jsonl, final String type) throws IOException
    {
        final List<Map<String, String>> objects = new java.util.ArrayList<>();
        for (final String line : jsonl.split("\n"))
        {
            final Map<String, String> object = new LinkedHashMap<>();
            try (JsonParser parser = JSON.createParser(line))
            {
                String prefix = "";
                String field = null;
                for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken())
                {
                    if (t == JsonToken.FIELD_NAME)
                    {
                        field = parser.currentName();
                    }
                    else if (t == JsonToken.START_OBJECT && field != null)
                    {
                        prefix = field + ".";
                    }
                    else if (t == JsonToken.END_OBJECT)
                    {
                        prefix = "";
                    }
                    else if (t.isScalarValue())
                    {
                        object.put(prefix + field, parser.getText());
                    }
                }
            }
            if (type.equals(object.get("type")))
            {
                objects.add(object);
            }
        }
        return objects;
    }

    private static String run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = WirestatCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), args);
        assertEquals(0, code, () -> String.join(" ", args) + "\n" + err);
        return out.toString(StandardCharsets.UTF_8);
    }
}
