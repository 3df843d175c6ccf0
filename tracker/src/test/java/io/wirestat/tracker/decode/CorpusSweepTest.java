package io.wirestat.tracker.decode;

import io.wirestat.tracker.support.Prerequisites;
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

/**
 * Decodes every frame of every capture in the shared corpus and compares, per file, what was decoded as TCP with
 * tshark's view ({@code tshark -2 -Y tcp}, summed over the streams of
 * {@code _generated/tshark/<src>/<path>.streams.tsv}): the number of TCP frames (pkts_ab + pkts_ba) and the TCP
 * payload bytes (bytes_ab + bytes_ba, against the sum of {@link TcpSegment#payloadLength}).
 * <p>
 * Both must be equal for every file except those in {@link #KNOWN_DIFFERENCES}, each with its reason and the exact
 * figures we expect instead, so a regression in those files is caught too. tshark's {@code -Y tcp} would also
 * match TCP headers quoted in ICMP errors, inside tunnels or in reassembled fragments; no corpus file currently
 * makes the counts differ for those reasons (the one fragment trace, tcptrace {@code ipfrags.dmp.gz}, holds only
 * non-first fragments, which neither side counts as TCP). The 6 deliberately invalid savefiles under
 * {@code libpcap/tests} are not read.
 */
class CorpusSweepTest
{
    /** What we expect for a file whose TCP view legitimately differs from tshark's. */
    private record KnownDifference(long tcpFrames, long payloadBytes, String reason)
    {
    }

    /** tshark's totals for one file. */
    private record TsharkTotals(long tcpFrames, long payloadBytes)
    {
    }

    private static final String SNAP_AS_WIRE =
        "An old writer recorded the snap length as the wire length: frames are 'complete' at 68-128 bytes while " +
        "the IPv4 total length says up to 1500. We take payloadLength from the IP lengths (the wire truth, by " +
        "contract); tshark clamps tcp.len to the frame. Frame counts agree.";

    private static final Map<String, KnownDifference> KNOWN_DIFFERENCES = Map.of(
        "tcpdump/tests/bigtcp-ipv6.pcap", new KnownDifference(1, 79968,
            "Linux BIG TCP: IPv6 payload length 0 on an 80054-byte frame. We fall back to the wire length and " +
            "decode the segment; tshark 4.0 dissects TCP over a 0-byte payload and marks it malformed, so -Y tcp " +
            "misses it."),
        "tcpreplay/test/test.rewrite_dlthdlc", new KnownDifference(0, 0,
            "Cisco HDLC (LINKTYPE_C_HDLC 104) is not a link type we decode: all 179 frames are " +
            "unsupported_link_type (the corpus README lists this file as the unsupported-link-type fixture)."),
        "tcptrace/input/single_byte_rexmit.dmp.gz", new KnownDifference(0, 0,
            "FDDI (LINKTYPE_FDDI 10) is not a link type we decode: all 27 frames are unsupported_link_type."),
        "tcptrace/input/6syns.dmp.gz", new KnownDifference(68, 44981, SNAP_AS_WIRE),
        "tcptrace/input/fast_reuse.dmp.gz", new KnownDifference(513, 185816, SNAP_AS_WIRE),
        "tcptrace/input/long_rtt.dmp.gz", new KnownDifference(42, 31441, SNAP_AS_WIRE),
        "tcptrace/input/tcpudp.dmp.gz", new KnownDifference(20, 52, SNAP_AS_WIRE));

    @Test
    void shouldDecodeEveryCorpusFrameWithoutExceptionAndMatchTshark() throws IOException
    {
        final Path corpus = findCorpus();
        Prerequisites.require(corpus != null, "shared/corpus not found beside or above " +
            Paths.get("").toAbsolutePath() + ": corpus sweep skipped");

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
        int framesEqual = 0;
        int bothEqual = 0;
        long allFrames = 0;
        for (final Path capture : captures)
        {
            if (!TestCaptureReader.looksLikeCapture(capture))
            {
                continue;
            }
            final String rel = corpus.relativize(capture).toString().replace('\\', '/');
            final FrameDecoder decoder = new FrameDecoder();
            final TcpSegment segment = new TcpSegment();
            final long[] payloadBytes = new long[1];
            final int frames = TestCaptureReader.read(capture, (buffer, offset, captured, wire, linkType) ->
            {
                if (decoder.decode(buffer, offset, captured, wire, linkType, segment) == SkipReason.OK)
                {
                    payloadBytes[0] += segment.payloadLength;
                }
            });
            allFrames += frames;

            long decoded = 0;
            for (int r = 0; r < SkipReason.COUNT; r++)
            {
                decoded += decoder.count(r);
            }
            assertEquals(frames, decoded, rel + ": every frame must end with exactly one counted reason");

            final long ok = decoder.count(SkipReason.OK);
            final TsharkTotals tshark = tsharkTotals(corpus, rel);
            files++;
            framesEqual += ok == tshark.tcpFrames() ? 1 : 0;
            if (ok == tshark.tcpFrames() && payloadBytes[0] == tshark.payloadBytes())
            {
                bothEqual++;
                continue;
            }
            final String line = rel + ": tcp frames " + ok + " (tshark " + tshark.tcpFrames() + "), payload bytes " +
                payloadBytes[0] + " (tshark " + tshark.payloadBytes() + "), frames " + frames + " " + counts(decoder);
            report.append("  ").append(line).append('\n');
            final KnownDifference known = KNOWN_DIFFERENCES.get(rel);
            if (known == null)
            {
                failures.append("unexplained difference: ").append(line).append('\n');
            }
            else
            {
                differencesSeen.add(rel);
                if (known.tcpFrames() != ok || known.payloadBytes() != payloadBytes[0])
                {
                    failures.append("known difference changed (expected ").append(known.tcpFrames())
                        .append(" frames, ").append(known.payloadBytes()).append(" bytes): ").append(line).append('\n');
                }
            }
        }
        final String summary = "corpus sweep over " + files + " captures, " + allFrames + " frames: TCP frame count " +
            "equal to tshark in " + framesEqual + "/" + files + " files, frame count and payload bytes both equal in " +
            bothEqual + "/" + files;
        System.out.println(summary + "\n" + report);

        assertTrue(files > 0, "no capture files found under " + corpus);
        final Set<String> stale = new TreeSet<>(KNOWN_DIFFERENCES.keySet());
        stale.removeAll(differencesSeen);
        if (!stale.isEmpty())
        {
            failures.append("allow-listed files that no longer differ (or are gone): ").append(stale).append('\n');
        }
        assertEquals("", failures.toString(), summary);
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

    /** Sums tshark's per-stream packet and payload-byte columns, located by the header line. */
    private static TsharkTotals tsharkTotals(final Path corpus, final String rel) throws IOException
    {
        final Path tsv = corpus.resolve("_generated/tshark/" + rel + ".streams.tsv");
        assertTrue(Files.exists(tsv), "no tshark oracle for " + rel + " at " + tsv);
        int[] columns = null;
        long packets = 0;
        long bytes = 0;
        for (final String line : Files.readAllLines(tsv))
        {
            if (line.startsWith("#") || line.isEmpty())
            {
                continue;
            }
            final String[] cols = line.split("\t", -1);
            if (columns == null)
            {
                final List<String> header = List.of(cols);
                columns = new int[]{header.indexOf("pkts_ab"), header.indexOf("pkts_ba"),
                    header.indexOf("bytes_ab"), header.indexOf("bytes_ba")};
                for (final int c : columns)
                {
                    assertTrue(c >= 0, "missing pkts_ab/pkts_ba/bytes_ab/bytes_ba column in " + tsv);
                }
                continue;
            }
            packets += Long.parseLong(cols[columns[0]]) + Long.parseLong(cols[columns[1]]);
            bytes += Long.parseLong(cols[columns[2]]) + Long.parseLong(cols[columns[3]]);
        }
        return new TsharkTotals(packets, bytes);
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
