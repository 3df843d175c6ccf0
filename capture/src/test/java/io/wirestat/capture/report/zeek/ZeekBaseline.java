package io.wirestat.capture.report.zeek;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Zeek oracle: {@code zeek/ORACLE_INDEX.tsv} and the baselines it points at (full conn.log, {@code .cut}
 * files, and the {@code "history, conn_state"} lines of {@code conn_state-RST-behavior/out}). Test helper; not thread
 * safe.
 */
final class ZeekBaseline
{
    /** One ORACLE_INDEX row that we cross-check. */
    record Entry(String trace, String baseline, String checksums, String kind)
    {
    }

    /** One baseline row: column name to value (only the columns the baseline has). */
    record Row(Map<String, String> columns)
    {
        String get(final String name)
        {
            return columns.get(name);
        }
    }

    private ZeekBaseline()
    {
    }

    /**
     * @param zeekDir {@code shared/corpus/zeek}.
     * @return the index rows with default TCP behaviour and a conn.log-like baseline, in index order.
     */
    static List<Entry> entries(final Path zeekDir) throws IOException
    {
        final List<Entry> entries = new ArrayList<>();
        for (final String line : Files.readAllLines(zeekDir.resolve("ORACLE_INDEX.tsv"), StandardCharsets.UTF_8))
        {
            if (line.startsWith("#") || line.isBlank())
            {
                continue;
            }
            final String[] f = line.split("\t", -1);
            final String kind = f[6];
            final boolean defaultTcp = f[5].startsWith("yes");
            // conn.log / .cut baselines, and the "history, conn_state" lines of conn_state-RST-behavior/out.
            final boolean connLike = kind.startsWith("conn.log") || kind.startsWith("cut:") || kind.startsWith("line ");
            if (defaultTcp && connLike)
            {
                entries.add(new Entry(f[0], f[1], f[4], kind));
            }
        }
        return entries;
    }

    /**
     * @param zeekDir {@code shared/corpus/zeek}.
     * @param entry   the index row.
     * @return the TCP rows of the baseline, in file order.
     */
    static List<Row> rows(final Path zeekDir, final Entry entry) throws IOException
    {
        final Path file = zeekDir.resolve("testing/btest/Baseline").resolve(entry.baseline());
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        final List<Row> rows = new ArrayList<>();
        if (entry.kind().startsWith("line "))
        {
            // conn_state-RST-behavior/out: one "history, conn_state" line per trace, in test order.
            final int n = Integer.parseInt(entry.kind().split(" ")[1]);
            final List<String> data = lines.stream().filter(l -> !l.startsWith("#")).toList();
            final String[] parts = data.get(n - 1).split(", ");
            final Map<String, String> columns = new LinkedHashMap<>();
            columns.put("history", parts[0]);
            columns.put("conn_state", parts[1]);
            rows.add(new Row(columns));
            return rows;
        }
        List<String> names = null;
        for (final String line : lines)
        {
            if (line.startsWith("#fields\t"))
            {
                names = Arrays.asList(line.substring("#fields\t".length()).split("\t"));
                continue;
            }
            if (line.startsWith("#") || line.isBlank())
            {
                continue;
            }
            if (names == null)
            {
                // A .cut baseline: the first non-comment line names the columns.
                names = Arrays.asList(line.split("\t"));
                continue;
            }
            final String[] values = line.split("\t", -1);
            final Map<String, String> columns = new LinkedHashMap<>();
            for (int i = 0; i < names.size() && i < values.length; i++)
            {
                columns.put(names.get(i), values[i]);
            }
            final String proto = columns.get("proto");
            if (proto == null || proto.equals("tcp"))
            {
                rows.add(new Row(columns));
            }
        }
        return rows;
    }
}
