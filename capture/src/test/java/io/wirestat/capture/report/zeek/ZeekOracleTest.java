package io.wirestat.capture.report.zeek;

import io.wirestat.capture.analysis.AnalysisOptions;
import io.wirestat.capture.analysis.AnalysisReport;
import io.wirestat.capture.analysis.OfflineAnalyzer;
import io.wirestat.capture.report.zeek.ZeekBaseline.Entry;
import io.wirestat.capture.report.zeek.ZeekRowMatcher.How;
import io.wirestat.capture.report.zeek.ZeekRowMatcher.Outcome;
import io.wirestat.tracker.report.ConnectionRecord;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Cross-checks our Zeek conn_state (history from the tracker, {@link ZeekConnState} on top) against every Zeek
 * baseline in the shared corpus that was produced with default TCP behaviour (ZEEK_ORACLE.md §5). The agreement over
 * Zeek rows must be at least 95 %, and every disagreement must be listed, with its reason, in
 * {@code zeek/known-differences.tsv}; an entry that no longer disagrees must be removed from the list.
 */
class ZeekOracleTest
{
    private static final double TARGET = 0.95;
    private static final String KNOWN_DIFFERENCES = "/zeek/known-differences.tsv";

    @Test
    void shouldAgreeWithZeekConnStateOnTheCorpusBaselines() throws IOException
    {
        final Path corpus = findCorpus();
        assumeTrue(corpus != null, "shared/corpus not found beside or above " + Paths.get("").toAbsolutePath() +
            ": Zeek oracle cross-check skipped");
        final Path zeek = corpus.resolve("zeek");

        final Map<String, List<ConnectionRecord>> analysed = new HashMap<>();
        final StringBuilder table = new StringBuilder();
        final Map<String, String> disagreements = new LinkedHashMap<>();
        int rows = 0;
        int agreed = 0;
        int histories = 0;
        int historiesEqual = 0;
        int packetRows = 0;
        int packetsEqual = 0;
        for (final Entry entry : ZeekBaseline.entries(zeek))
        {
            final List<ZeekBaseline.Row> baseline = ZeekBaseline.rows(zeek, entry);
            if (baseline.isEmpty())
            {
                continue;
            }
            final List<ConnectionRecord> ours = analysed.computeIfAbsent(entry.trace(), t -> analyse(zeek, t));
            final List<ConnectionRecord> extra = new ArrayList<>();
            for (final Outcome o : ZeekRowMatcher.match(baseline, ours, extra))
            {
                final boolean hasState = o.zeekState() != null;
                final boolean same = hasState && o.zeekState().equals(o.ours());
                if (hasState)
                {
                    rows++;
                    agreed += same ? 1 : 0;
                    if (!same)
                    {
                        disagreements.put(key(entry.trace(), o.tuple(), o.zeekState(), o.ours()),
                            entry.baseline() + " zeek " + o.zeekHistory() + ", ours " + o.ourHistory());
                    }
                }
                if (o.zeekHistory() != null && o.how() != How.UNMATCHED)
                {
                    histories++;
                    historiesEqual += o.zeekHistory().equals(o.ourHistory()) ? 1 : 0;
                }
                if (o.how() == How.ONE_TO_ONE && o.row().get("orig_pkts") != null)
                {
                    packetRows++;
                    if (packetsEqual(o))
                    {
                        packetsEqual++;
                    }
                    else
                    {
                        table.append(String.format(Locale.ROOT, "%-40s %-44s packets differ: zeek %s/%s, ours %d/%d%n",
                            entry.trace(), o.tuple(), o.row().get("orig_pkts"), o.row().get("resp_pkts"),
                            o.connection().clientPackets(), o.connection().serverPackets()));
                    }
                }
                table.append(String.format(Locale.ROOT, "%-40s %-44s %-6s %-6s %-16s %-16s %s%s%n",
                    entry.trace(), o.tuple(), nullToDash(o.zeekState()), o.ours(), nullToDash(o.zeekHistory()),
                    o.ourHistory(), o.how(), hasState && !same ? "  <-- differs" : ""));
            }
            for (final ConnectionRecord c : extra)
            {
                table.append(String.format(Locale.ROOT, "%-40s %-44s %-6s %-6s %-16s %-16s %s%n",
                    entry.trace(), c.client() + " > " + c.server(), "(none)", ZeekConnState.of(c), "-",
                    c.history(), "OURS_ONLY"));
            }
        }

        final double agreement = rows == 0 ? 0 : (double)agreed / rows;
        System.out.print(table);
        System.out.printf(Locale.ROOT, "conn_state agreement: %d/%d = %.1f%%%n", agreed, rows, 100.0 * agreement);
        System.out.printf(Locale.ROOT, "history equal (Zeek's orientation normalised to ours): %d/%d%n",
            historiesEqual, histories);

        System.out.printf(Locale.ROOT, "orig_pkts/resp_pkts equal (1:1 rows): %d/%d%n", packetsEqual, packetRows);

        final Map<String, String> allowed = knownDifferences();
        final Set<String> unexpected = new TreeSet<>();
        for (final Map.Entry<String, String> d : disagreements.entrySet())
        {
            if (!allowed.containsKey(d.getKey()))
            {
                unexpected.add(d.getKey().replace('\t', '|') + "  (" + d.getValue() + ")");
            }
        }
        final Set<String> stale = new TreeSet<>();
        for (final String k : allowed.keySet())
        {
            if (!disagreements.containsKey(k))
            {
                stale.add(k.replace('\t', '|'));
            }
        }
        assertTrue(rows > 0, "no Zeek baseline rows were compared");
        assertTrue(unexpected.isEmpty(), "disagreements with Zeek not on " + KNOWN_DIFFERENCES + ": " + unexpected);
        assertTrue(stale.isEmpty(), "entries of " + KNOWN_DIFFERENCES + " that no longer disagree (remove them): " +
            stale);
        assertTrue(agreement >= TARGET, String.format(Locale.ROOT,
            "conn_state agreement %.1f%% is below the %.0f%% target", 100.0 * agreement, 100.0 * TARGET));
    }

    private static List<ConnectionRecord> analyse(final Path zeek, final String trace)
    {
        final AnalysisOptions options = new AnalysisOptions();
        options.files.add(zeek.resolve("testing/btest/Traces").resolve(trace));
        // Zeek's default connection key has no VLAN (vlan-collisions.pcap: one connection, not three).
        options.tracker.vlanInKey(false);
        try
        {
            final AnalysisReport report = OfflineAnalyzer.analyze(options);
            return report.connections();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot analyse " + trace, ex);
        }
    }

    private static boolean packetsEqual(final Outcome o)
    {
        final ConnectionRecord c = o.connection();
        final boolean reversed = ZeekRowMatcher.origIsOurServer(o.row(), c);
        final long orig = reversed ? c.serverPackets() : c.clientPackets();
        final long resp = reversed ? c.clientPackets() : c.serverPackets();
        return Long.parseLong(o.row().get("orig_pkts")) == orig && Long.parseLong(o.row().get("resp_pkts")) == resp;
    }

    private static String key(final String trace, final String tuple, final String zeek, final String ours)
    {
        return trace + "\t" + tuple + "\t" + zeek + "\t" + ours;
    }

    private static String nullToDash(final String s)
    {
        return s == null ? "-" : s;
    }

    /** @return allow-list key (trace, 4-tuple, zeek, ours) to reason. */
    private static Map<String, String> knownDifferences() throws IOException
    {
        final Map<String, String> allowed = new LinkedHashMap<>();
        try (InputStream in = ZeekOracleTest.class.getResourceAsStream(KNOWN_DIFFERENCES))
        {
            assertNotNull(in, KNOWN_DIFFERENCES + " missing from the test resources");
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null)
            {
                if (line.startsWith("#") || line.isBlank())
                {
                    continue;
                }
                final String[] f = line.split("\t", -1);
                assertTrue(f.length == 5 && !f[4].isBlank(),
                    "known-differences line needs trace, 4-tuple, zeek, ours, reason: " + line);
                allowed.put(key(f[0], f[1], f[2], f[3]), f[4]);
            }
        }
        return allowed;
    }

    /** Walks up from the working directory looking for a {@code shared/corpus} directory. */
    static Path findCorpus()
    {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null)
        {
            final Path candidate = dir.resolve("shared").resolve("corpus");
            if (Files.isDirectory(candidate.resolve("zeek")))
            {
                return candidate;
            }
            dir = dir.getParent();
        }
        return null;
    }
}
