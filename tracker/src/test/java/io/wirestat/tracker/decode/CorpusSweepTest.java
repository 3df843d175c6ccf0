package io.wirestat.tracker.decode;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Decodes every frame of every capture in the shared corpus and compares, per file, the number of frames decoded
 * as TCP with tshark's count ({@code tshark -2 -Y tcp}, summed over its streams: pkts_ab + pkts_ba).
 * <p>
 * The counts must be equal for every file except the few in {@link #KNOWN_DIFFERENCES}, each with the reason and
 * the exact count we expect instead, so a regression in those files is caught too. tshark's {@code -Y tcp} would
 * also match TCP headers quoted in ICMP errors, inside tunnels or in reassembled fragments; no corpus file
 * currently makes those differ (the one fragment trace holds only non-first fragments, which neither side counts).
 * The 6 deliberately invalid savefiles under {@code libpcap/tests} are not read.
 */
class CorpusSweepTest
{
    /** A file whose TCP count legitimately differs from tshark's. */
    private record KnownDifference(long ok, String reason)
    {
    }

    private static final Map<String, KnownDifference> KNOWN_DIFFERENCES = Map.of(
        "tcpdump/tests/bigtcp-ipv6.pcap", new KnownDifference(1,
            "Linux BIG TCP: IPv6 payload length 0 on an 80 kB frame. We fall back to the wire length and decode the " +
            "segment; tshark 4.0 dissects TCP over a 0-byte payload and marks it malformed, so -Y tcp misses it."),
        "tcpreplay/test/test.rewrite_dlthdlc", new KnownDifference(0,
            "Cisco HDLC (LINKTYPE_C_HDLC 104) is not a link type we decode: all 179 frames are " +
            "unsupported_link_type (the corpus README lists this file as the unsupported-link-type fixture)."),
        "tcptrace/input/single_byte_rexmit.dmp.gz", new KnownDifference(0,
            "FDDI (bit-swapped, LINKTYPE 10) is not a link type we decode: all 27 frames are unsupported_link_type."));

    @Test
    void shouldDecodeEveryCorpusFrameWithoutExceptionAndMatchTshark() throws IOException
    {
        final Path corpus = findCorpus();
        assumeTrue(corpus != null, "shared/corpus not found beside or above " + Paths.get("").toAbsolutePath() +
            ": corpus sweep skipped");

        final List<Path> captures;
        try (Stream<Path> walk = Files.walk(corpus))
        {
            captures = walk.filter(Files::isRegularFile)
                .filter(p -> !corpus.relativize(p).startsWith("_generated"))
                .filter(p -> !corpus.relativize(p).startsWith(Paths.get("libpcap", "tests")))
                .sorted()
                .collect(Collectors.toList());
        }

        final StringBuilder report = new StringBuilder();
        final StringBuilder failures = new StringBuilder();
        final Set<String> differencesSeen = new TreeSet<>();
        int files = 0;
        int equal = 0;
        for (final Path capture : captures)
        {
            if (!TestCaptureReader.looksLikeCapture(capture))
            {
                continue;
            }
            final String rel = corpus.relativize(capture).toString().replace('\\', '/');
            final FrameDecoder decoder = new FrameDecoder();
            final TcpSegment segment = new TcpSegment();
            final int frames = TestCaptureReader.read(
                capture, (buffer, offset, cap, wire, link) -> decoder.decode(buffer, offset, cap, wire, link, segment));
            long decoded = 0;
            for (int r = 0; r < SkipReason.COUNT; r++)
            {
                decoded += decoder.count(r);
            }
            assertEquals(frames, decoded, rel + ": every frame must end with exactly one counted reason");

            final long ok = decoder.count(SkipReason.OK);
            final long tshark = tsharkTcpPackets(corpus, rel);
            files++;
            if (ok == tshark)
            {
                equal++;
                continue;
            }
            final String line = rel + ": ok=" + ok + " tshark=" + tshark + " frames=" + frames + " " + counts(decoder);
            report.append(line).append('\n');
            final KnownDifference known = KNOWN_DIFFERENCES.get(rel);
            if (known == null)
            {
                failures.append("unexplained difference: ").append(line).append('\n');
            }
            else
            {
                differencesSeen.add(rel);
                if (known.ok() != ok)
                {
                    failures.append("known difference changed (expected ok=").append(known.ok()).append("): ")
                        .append(line).append('\n');
                }
            }
        }
        System.out.println("corpus sweep: " + equal + "/" + files + " files equal to tshark\n" + report);

        assertTrue(files > 0, "no capture files found under " + corpus);
        final Set<String> stale = new TreeSet<>(KNOWN_DIFFERENCES.keySet());
        stale.removeAll(differencesSeen);
        if (!stale.isEmpty())
        {
            failures.append("allow-listed files that no longer differ (or are gone): ").append(stale).append('\n');
        }
        assertEquals("", failures.toString(), "corpus sweep: " + equal + "/" + files + " files equal");
    }

    private static String counts(final FrameDecoder decoder)
    {
        final Map<String, Long> m = new TreeMap<>();
        for (int r = 0; r < SkipReason.COUNT; r++)
        {
            if (decoder.count(r) != 0)
            {
                m.put(SkipReason.name(r), decoder.count(r));
            }
        }
        return m.toString();
    }

    private static long tsharkTcpPackets(final Path corpus, final String rel) throws IOException
    {
        final Path tsv = corpus.resolve("_generated/tshark/" + rel + ".streams.tsv");
        if (!Files.exists(tsv))
        {
            fail("no tshark oracle for " + rel + " at " + tsv);
        }
        final List<String> lines = Files.readAllLines(tsv);
        int ab = -1;
        int ba = -1;
        long total = 0;
        for (final String line : lines)
        {
            if (line.startsWith("#") || line.isEmpty())
            {
                continue;
            }
            final String[] cols = line.split("\t", -1);
            if (ab < 0)
            {
                final List<String> header = List.of(cols);
                ab = header.indexOf("pkts_ab");
                ba = header.indexOf("pkts_ba");
                assertTrue(ab >= 0 && ba >= 0, "no pkts_ab/pkts_ba columns in " + tsv);
                continue;
            }
            total += Long.parseLong(cols[ab]) + Long.parseLong(cols[ba]);
        }
        return total;
    }

    /** Walks up from the working directory looking for {@code shared/corpus} beside or above it. */
    static Path findCorpus()
    {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            final Path candidate = dir.resolve("shared").resolve("corpus");
            if (Files.isDirectory(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
