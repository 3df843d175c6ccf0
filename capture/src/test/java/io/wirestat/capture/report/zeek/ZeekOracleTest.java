package io.wirestat.capture.report.zeek;

import io.wirestat.capture.support.Prerequisites;
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

/**
 * Cross-checks our Zeek conn_state (history from the tracker, {@link ZeekConnState} on top) against every Zeek
 * baseline in the shared corpus that was produced with default TCP behaviour (ZEEK_ORACLE.md §5). The agreement over
 * Zeek rows must be at least 95 %, and every disagreement must be listed, with its reason, in
 * {@code zeek/known-differences.tsv}; an entry that no longer disagrees must be removed from the list.
 * <p>
 * The same holds for {@code history} (every matched row, Zeek's orientation normalised to ours; at least 95 % equal,
 * and at least 98 % once the letters wirestat never writes, {@code g G c C ^ x} (docs/zeek-compatibility.md), are
 * dropped from Zeek's; differences listed in {@code zeek/known-history-differences.tsv}) and for
 * {@code orig_pkts}/{@code resp_pkts} (rows matched one to one; at least 97 % equal; differences listed in
 * {@code zeek/known-packet-differences.tsv}).
 */
class ZeekOracleTest
{
    private static final double TARGET = 0.95;
    private static final double HISTORY_TARGET = 0.95;
    /** History agreement once the letters we never write are dropped from Zeek's. */
    private static final double WRITTEN_LETTERS_TARGET = 0.98;
    private static final double PACKETS_TARGET = 0.97;
    private static final String KNOWN_DIFFERENCES = "/zeek/known-differences.tsv";
    private static final String KNOWN_HISTORY_DIFFERENCES = "/zeek/known-history-differences.tsv";
    private static final String KNOWN_PACKET_DIFFERENCES = "/zeek/known-packet-differences.tsv";
    /** Zeek history letters the tracker never writes: content gaps, bad checksums, the flip mark, x. */
    private static final String LETTERS_NEVER_WRITTEN = "[gGcC^x]";

    @Test
    void shouldAgreeWithZeekConnStateOnTheCorpusBaselines() throws IOException
    {
        final Path corpus = findCorpus();
        Prerequisites.require(corpus != null, "shared/corpus not found beside or above " +
            Paths.get("").toAbsolutePath() + ": Zeek oracle cross-check skipped");
        final Path zeek = corpus.resolve("zeek");

        final Map<String, List<ConnectionRecord>> analysed = new HashMap<>();
        final StringBuilder table = new StringBuilder();
        final Map<String, String> disagreements = new LinkedHashMap<>();
        final Map<String, String> historyDifferences = new LinkedHashMap<>();
        final Map<String, String> packetDifferences = new LinkedHashMap<>();
        int historiesEqualInWrittenLetters = 0;
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
                    if (o.zeekHistory().equals(o.ourHistory()))
                    {
                        historiesEqual++;
                    }
                    else
                    {
                        historyDifferences.put(key(entry.trace(), o.tuple(), o.zeekHistory(), o.ourHistory()),
                            entry.baseline() + " conn_state zeek " + o.zeekState() + ", ours " + o.ours());
                    }
                    historiesEqualInWrittenLetters +=
                        o.zeekHistory().replaceAll(LETTERS_NEVER_WRITTEN, "").equals(o.ourHistory()) ? 1 : 0;
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
                        final String zeekPackets = o.row().get("orig_pkts") + "/" + o.row().get("resp_pkts");
                        final String ourPackets = ourPackets(o);
                        table.append(String.format(Locale.ROOT, "%-40s %-44s packets differ: zeek %s, ours %s%n",
                            entry.trace(), o.tuple(), zeekPackets, ourPackets));
                        packetDifferences.put(key(entry.trace(), o.tuple(), zeekPackets, ourPackets),
                            entry.baseline() + " history zeek " + o.zeekHistory() + ", ours " + o.ourHistory());
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
        System.out.printf(Locale.ROOT, "history equal without the letters we never write (%s): %d/%d%n",
            LETTERS_NEVER_WRITTEN, historiesEqualInWrittenLetters, histories);

        System.out.printf(Locale.ROOT, "orig_pkts/resp_pkts equal (1:1 rows): %d/%d%n", packetsEqual, packetRows);

        assertTrue(rows > 0, "no Zeek baseline rows were compared");
        assertListed(disagreements, KNOWN_DIFFERENCES, "conn_state");
        assertTrue(agreement >= TARGET, String.format(Locale.ROOT,
            "conn_state agreement %.1f%% is below the %.0f%% target", 100.0 * agreement, 100.0 * TARGET));

        assertTrue(histories > 0, "no Zeek history was compared");
        assertListed(historyDifferences, KNOWN_HISTORY_DIFFERENCES, "history");
        assertAtLeast("history agreement", historiesEqual, histories, HISTORY_TARGET);
        assertAtLeast("history agreement without the letters we never write", historiesEqualInWrittenLetters,
            histories, WRITTEN_LETTERS_TARGET);

        assertTrue(packetRows > 0, "no Zeek packet counts were compared");
        assertListed(packetDifferences, KNOWN_PACKET_DIFFERENCES, "orig_pkts/resp_pkts");
        assertAtLeast("orig_pkts/resp_pkts agreement", packetsEqual, packetRows, PACKETS_TARGET);
    }

    /**
     * Every difference found must be on the allow-list, and every entry of the list must still be a difference.
     *
     * @param found    key (trace, 4-tuple, Zeek's value, ours) to a description for the failure message.
     * @param resource the allow-list.
     * @param what     the column compared.
     */
    private static void assertListed(final Map<String, String> found, final String resource, final String what)
        throws IOException
    {
        final Map<String, String> allowed = knownDifferences(resource);
        final Set<String> unexpected = new TreeSet<>();
        for (final Map.Entry<String, String> d : found.entrySet())
        {
            if (!allowed.containsKey(d.getKey()))
            {
                unexpected.add(d.getKey().replace('\t', '|') + "  (" + d.getValue() + ")");
            }
        }
        final Set<String> stale = new TreeSet<>();
        for (final String k : allowed.keySet())
        {
            if (!found.containsKey(k))
            {
                stale.add(k.replace('\t', '|'));
            }
        }
        assertTrue(unexpected.isEmpty(), what + " differences from Zeek not on " + resource + ": " + unexpected);
        assertTrue(stale.isEmpty(), "entries of " + resource + " that no longer differ (remove them): " + stale);
    }

    private static void assertAtLeast(final String what, final int equal, final int compared, final double target)
    {
        final double share = (double)equal / compared;
        assertTrue(share >= target, String.format(Locale.ROOT, "%s %d/%d = %.1f%% is below the %.0f%% target",
            what, equal, compared, 100.0 * share, 100.0 * target));
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
        return ourPackets(o).equals(o.row().get("orig_pkts") + "/" + o.row().get("resp_pkts"));
    }

    /** @return our packet counts in Zeek's orientation, "orig/resp". */
    private static String ourPackets(final Outcome o)
    {
        final ConnectionRecord c = o.connection();
        final boolean reversed = ZeekRowMatcher.origIsOurServer(o.row(), c);
        final long orig = reversed ? c.serverPackets() : c.clientPackets();
        final long resp = reversed ? c.clientPackets() : c.serverPackets();
        return orig + "/" + resp;
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
    private static Map<String, String> knownDifferences(final String resource) throws IOException
    {
        final Map<String, String> allowed = new LinkedHashMap<>();
        try (InputStream in = ZeekOracleTest.class.getResourceAsStream(resource))
        {
            assertNotNull(in, resource + " missing from the test resources");
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
                    resource + " line needs trace, 4-tuple, zeek, ours, reason: " + line);
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
