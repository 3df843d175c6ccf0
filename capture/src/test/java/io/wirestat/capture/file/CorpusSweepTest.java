package io.wirestat.capture.file;

import io.wirestat.capture.support.Prerequisites;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads every capture file of the shared corpus and compares its frame count with Wireshark's (capinfos), recorded
 * once in {@code file/corpus-frame-counts.tsv} so this test needs no Wireshark. Skipped when the corpus is absent.
 */
class CorpusSweepTest
{
    private static final String COUNTS = "/file/corpus-frame-counts.tsv";
    private static final String INVALID_DIR = "libpcap/tests/";

    private static Path corpus;
    private static Map<String, String> expected;

    @BeforeAll
    static void findCorpus() throws IOException
    {
        corpus = locateCorpus();
        Prerequisites.require(corpus != null,
            "shared/corpus not found beside or above " + Path.of("").toAbsolutePath() + ": corpus sweep skipped");
        expected = loadCounts();
    }

    @Test
    void shouldListEveryCaptureFileOfTheCorpusInTheCountsFile() throws IOException
    {
        final TreeSet<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(corpus))
        {
            files.filter(Files::isRegularFile).filter(CorpusSweepTest::isCapture)
                .forEach(p -> found.add(corpus.relativize(p).toString()));
        }

        assertEquals(new TreeSet<>(expected.keySet()), found);
    }

    @Test
    void shouldReadEveryValidCaptureWithWiresharksFrameCount() throws IOException
    {
        int agree = 0;
        final List<String> disagreements = new ArrayList<>();
        for (final Map.Entry<String, String> row : expected.entrySet())
        {
            if (row.getKey().startsWith(INVALID_DIR))
            {
                continue;
            }
            final Path path = corpus.resolve(row.getKey());
            final long expectedFrames = Long.parseLong(row.getValue());
            final long[] bytes = new long[1];
            final ReadResult result;
            final String format;
            try (CaptureFile file = CaptureFiles.open(path))
            {
                format = file.format();
                result = file.readAll((buffer, offset, caplen, wirelen, ts, linkType) -> bytes[0] += caplen);
            }
            System.out.printf("%-8d %-24s %s%s%n", result.frames(), format, row.getKey(),
                result.fault() == null ? "" : "  FAULT " + result.fault());
            if (result.frames() == expectedFrames)
            {
                agree++;
            }
            else
            {
                disagreements.add(row.getKey() + ": " + result.frames() + " frames (capinfos: " + expectedFrames +
                    ")" + (result.fault() == null ? "" : ", " + result.fault()));
            }
        }
        System.out.println("agreement with capinfos: " + agree + " of " + (agree + disagreements.size()));

        assertTrue(agree > 0, "no capture read");
        assertEquals(List.of(), disagreements);
    }

    @Test
    void shouldRefuseTheInvalidLibpcapFilesCleanly() throws IOException
    {
        int refused = 0;
        for (final String name : expected.keySet())
        {
            if (!name.startsWith(INVALID_DIR))
            {
                continue;
            }
            String outcome;
            try (CaptureFile file = CaptureFiles.open(corpus.resolve(name)))
            {
                final ReadResult result = file.readAll((buffer, offset, caplen, wirelen, ts, linkType) -> { });
                assertNotNull(result.fault(), name + " was read without a fault");
                outcome = "fault: " + result.fault();
            }
            catch (final CaptureFormatException ex)
            {
                outcome = "refused: " + ex.getMessage();
            }
            System.out.println(name + " -> " + outcome);
            refused++;
        }

        assertEquals(6, refused);
    }

    private static boolean isCapture(final Path path)
    {
        final String name = path.getFileName().toString();
        if (name.endsWith(".pcap") || name.endsWith(".pcapng") || name.endsWith(".cap") || name.endsWith(".dmp") ||
            name.endsWith(".gz") || name.endsWith(".trace"))
        {
            return true;
        }
        try (InputStream in = Files.newInputStream(path))
        {
            final byte[] magic = in.readNBytes(4);
            if (magic.length < 4)
            {
                return false;
            }
            final int value = ((magic[0] & 0xFF) << 24) | ((magic[1] & 0xFF) << 16) | ((magic[2] & 0xFF) << 8) |
                (magic[3] & 0xFF);
            return value == 0xA1B2C3D4 || value == 0xD4C3B2A1 || value == 0xA1B23C4D || value == 0x4D3CB2A1 ||
                value == PcapngFile.SHB || (value >>> 16) == 0x1F8B;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static Map<String, String> loadCounts() throws IOException
    {
        final Map<String, String> counts = new TreeMap<>();
        try (InputStream in = CorpusSweepTest.class.getResourceAsStream(COUNTS))
        {
            assertNotNull(in, COUNTS + " missing from the test classpath");
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null)
            {
                if (line.isEmpty() || line.startsWith("#"))
                {
                    continue;
                }
                final String[] columns = line.split("\t");
                counts.put(columns[0], columns[1]);
            }
        }
        return counts;
    }

    /** Walks up from the working directory looking for shared/corpus (CI clones the repo with ../shared beside it). */
    private static Path locateCorpus()
    {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent())
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
