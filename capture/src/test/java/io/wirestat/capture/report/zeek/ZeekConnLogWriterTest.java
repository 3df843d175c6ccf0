package io.wirestat.capture.report.zeek;

import io.wirestat.capture.support.Prerequisites;
import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.report.Endpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZeekConnLogWriterTest
{
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-05T06:07:08Z"), ZoneOffset.UTC);
    private static final String HEADER =
        "#separator \\x09\n" +
        "#set_separator\t,\n" +
        "#empty_field\t(empty)\n" +
        "#unset_field\t-\n" +
        "#path\tconn\n" +
        "#open\t2024-03-05-06-07-08\n" +
        "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\t" +
        "resp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\t" +
        "resp_pkts\tresp_ip_bytes\ttunnel_parents\tip_proto\n" +
        "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\t" +
        "count\tstring\tcount\tcount\tcount\tcount\tset[string]\tcount\n";

    @Test
    void shouldWriteZeeksHeaderRowsAndCloseLine() throws IOException
    {
        final StringWriter out = new StringWriter();
        final ConnectionRecord r = Records.record(Records.CLIENT, Records.SERVER, "ShADadFf",
            1_377_201_633_570_191_000L, 1_377_201_633_733_697_000L, 12, 175);
        try (ZeekConnLogWriter writer = new ZeekConnLogWriter(out, CLOCK))
        {
            writer.write(r);
        }
        final String uid = ZeekUid.of(r);
        assertEquals(HEADER +
            "1377201633.570191\t" + uid + "\t10.0.0.1\t40000\t10.0.0.2\t80\ttcp\t-\t0.163506\t12\t175\tSF\t-\t-\t0\t" +
            "ShADadFf\t3\t132\t2\t255\t-\t6\n" +
            "#close\t2024-03-05-06-07-08\n", out.toString());
    }

    @Test
    void shouldLeaveDurationAndBytesUnsetWhenTheDurationIsZero() throws IOException
    {
        final ConnectionRecord r = Records.record(Records.CLIENT, Records.SERVER, "S", 5_000_000_001L,
            5_000_000_001L, 0, 0);
        final String[] columns = row(r);
        assertEquals("5.000000", columns[0]);
        assertEquals("-", columns[8], "duration");
        assertEquals("-", columns[9], "orig_bytes");
        assertEquals("-", columns[10], "resp_bytes");
        assertEquals("S0", columns[11]);
    }

    @Test
    void shouldPadFractionsAndRoundToMicroseconds()
    {
        final ConnectionRecord r = Records.record(Records.CLIENT, Records.SERVER, "Sh", 7_000_010_400L,
            7_000_060_600L, 0, 0);
        final String[] columns = row(r);
        assertEquals("7.000010", columns[0]);
        assertEquals("0.000051", columns[8]);
        assertEquals("S1", columns[11]);
    }

    @Test
    void shouldWriteIpv6AndAnUnsetHistory()
    {
        final ConnectionRecord r = Records.record(Endpoint.parse("2001:470:1f11:81f:c999:d94:aa7c:2e3e", 49186),
            Endpoint.parse("2001:470:4867:99::21", 57086), "", 1_000_000L, 2_000_000L, 0, 0);
        final String[] columns = row(r);
        assertEquals("2001:470:1f11:81f:c999:d94:aa7c:2e3e", columns[2]);
        assertEquals("2001:470:4867:99::21", columns[4]);
        assertEquals("-", columns[15], "empty history is unset, as Zeek leaves it");
        assertEquals("OTH", columns[11]);
    }

    @Test
    void shouldWriteEveryColumnOfTheFieldsLine()
    {
        final String[] columns = row(Records.withHistory("ShADadFf", 1, 2));
        assertEquals(ZeekConnLogWriter.FIELDS.split("\t").length, columns.length);
        assertEquals(ZeekConnLogWriter.TYPES.split("\t").length, columns.length);
    }

    @Test
    void shouldGiveDeterministicZeekLikeUids()
    {
        final ConnectionRecord a = Records.withHistory("S", 0, 0);
        final ConnectionRecord b = Records.record(Records.CLIENT, Records.SERVER, "S", 1_000_000_001L,
            2_000_000_000L, 0, 0);
        assertEquals(ZeekUid.of(a), ZeekUid.of(Records.withHistory("ShADadFf", 5, 6)),
            "the uid depends on the 4-tuple and first-seen time only");
        assertNotEquals(ZeekUid.of(a), ZeekUid.of(b), "a reused 4-tuple gets a new uid");
        assertTrue(ZeekUid.of(a).matches("C[0-9A-Za-z]{12,18}"), ZeekUid.of(a));
    }

    @Test
    void shouldWriteHeaderAndCloseForAnEmptyLogAndRefuseRowsAfterClose() throws IOException
    {
        final StringWriter out = new StringWriter();
        final ZeekConnLogWriter writer = new ZeekConnLogWriter(out, CLOCK);
        writer.close();
        writer.close();
        assertEquals(HEADER + "#close\t2024-03-05-06-07-08\n", out.toString());
        assertThrows(IllegalStateException.class, () -> writer.write(Records.withHistory("S", 0, 0)));
    }

    @Test
    void shouldWriteTheFieldsAndTypesOfZeeksNewestBaselines() throws IOException
    {
        final Path corpus = ZeekOracleTest.findCorpus();
        Prerequisites.require(corpus != null, "shared/corpus not found: baseline header check skipped");
        final Path baseline = corpus.resolve(
            "zeek/testing/btest/Baseline/scripts.base.protocols.ssh.basic/conn.log");
        final List<String> lines = Files.readAllLines(baseline, StandardCharsets.UTF_8);
        final StringWriter out = new StringWriter();
        new ZeekConnLogWriter(out, CLOCK).close();
        final List<String> ours = List.of(out.toString().split("\n"));
        for (final String prefix : List.of("#separator", "#set_separator", "#empty_field", "#unset_field", "#path",
            "#fields", "#types"))
        {
            assertEquals(find(lines, prefix), find(ours, prefix), prefix);
        }
    }

    private static String find(final List<String> lines, final String prefix)
    {
        return lines.stream().filter(l -> l.startsWith(prefix + "\t") || l.startsWith(prefix + " ")).findFirst()
            .orElse("(missing " + prefix + ")");
    }

    private static String[] row(final ConnectionRecord record)
    {
        final StringBuilder sb = new StringBuilder();
        ZeekConnLogWriter.appendRow(sb, record);
        assertTrue(sb.charAt(sb.length() - 1) == '\n');
        return sb.substring(0, sb.length() - 1).split("\t", -1);
    }
}
