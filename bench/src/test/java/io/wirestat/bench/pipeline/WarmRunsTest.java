package io.wirestat.bench.pipeline;

import io.wirestat.bench.gen.CaptureGenerator;
import io.wirestat.bench.gen.GeneratorOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link WarmRuns} times the same command twice in one JVM: the same output both times, its parts in order. */
class WarmRunsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRunTheSameAnalysisTwiceWithTheSameOutput() throws IOException
    {
        final Path capture = dir.resolve("small.pcap");
        CaptureGenerator.generateFile(GeneratorOptions.parse("-o", capture.toString(), "--packets", "20000",
            "--connections", "1000", "--quiet"));
        final WarmRuns.Run first = WarmRuns.run("analyze", "--format", "jsonl", capture.toString());
        final WarmRuns.Run second = WarmRuns.run("analyze", "--format", "jsonl", capture.toString());
        assertEquals(0, first.exit());
        assertEquals(0, second.exit());
        assertTrue(first.bytes() > 100_000, "a report of about a thousand connections: " + first.bytes());
        assertEquals(first.bytes(), second.bytes(), "the same work each run");
        assertTrue(first.firstByteNanos() > 0 && first.firstByteNanos() <= first.nanos());
        assertEquals(first.nanos() - first.firstByteNanos(), first.endNanos());
    }
}
