package io.wirestat.capture.check;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.Severity;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library API behind {@code wirestat check}: discovery, alerts through an {@link AlertSource}, update. */
class CorpusCheckTest
{
    /** Stands in for the detectors: one alert per CLOSE_WAIT server, as a hand-built {@link Alert}. */
    private static final AlertSource CLOSE_WAIT_ALERTS = (report, options) -> report.connections().stream()
        .filter(r -> r.serverState() == TcpState.CLOSE_WAIT)
        .map(r -> new Alert("stuck_close_wait", Severity.WARNING, r.server().toString(), 1, r.firstSeenNanos(),
            report.lastNanos(), Map.of(), List.of(r.client() + " -> " + r.server()), "server never closed"))
        .toList();

    @TempDir
    Path dir;

    @Test
    void shouldWriteAlertLinesOnUpdateAndCheckThem() throws IOException
    {
        CraftedCaptures.copy(dir, "client-fin-acked-server-silent", false);
        final CheckOptions update = new CheckOptions().update(true).alerts(CLOSE_WAIT_ALERTS);

        final List<CaptureResult> created = CorpusCheck.run(dir, update);

        assertEquals(Verdict.CREATED, created.get(0).verdict(), created.get(0)::describe);
        final String text = Files.readString(dir.resolve("client-fin-acked-server-silent.expected"));
        assertTrue(text.endsWith("10.0.0.1:40000\t10.0.0.2:80\tFIN_WAIT_2\tCLOSE_WAIT\tShADadF\n" +
            "alert\tstuck_close_wait\t10.0.0.2:80\tcount=1\n"), text);

        final List<CaptureResult> checked = CorpusCheck.run(dir, new CheckOptions().alerts(CLOSE_WAIT_ALERTS));
        assertEquals(Verdict.PASS, checked.get(0).verdict(), checked.get(0)::describe);
        assertEquals("PASS      " + dir.resolve("client-fin-acked-server-silent.pcap") +
            "  (1 connection, 1 alert)\n", checked.get(0).describe());
    }

    @Test
    void shouldFailOnAnAlertTheExpectedFileDoesNotList() throws IOException
    {
        CraftedCaptures.copy(dir, "client-fin-acked-server-silent", true);

        final CaptureResult withoutAlerts = CorpusCheck.run(dir, new CheckOptions()).get(0);
        final CaptureResult withAlerts = CorpusCheck.run(dir, new CheckOptions().alerts(CLOSE_WAIT_ALERTS)).get(0);

        assertEquals(Verdict.PASS, withoutAlerts.verdict(), withoutAlerts::describe);
        assertEquals(Verdict.FAIL, withAlerts.verdict(), withAlerts::describe);
        assertEquals(List.of("unexpected alert stuck_close_wait 10.0.0.2:80\n" +
            "  expected: (no such alert)\n" +
            "  actual:   alert\tstuck_close_wait\t10.0.0.2:80\tcount=1"), withAlerts.differences());
    }

    @Test
    void shouldKeepTheOptionsLineWhenRefreshing() throws IOException
    {
        CraftedCaptures.copy(dir, "time-wait-expired", true);
        final Path expected = dir.resolve("time-wait-expired.expected");
        Files.writeString(expected, "#options --time-wait '2m'\n" + Files.readString(expected));

        final CaptureResult result = CorpusCheck.run(dir, new CheckOptions().update(true)).get(0);

        assertEquals(Verdict.UPDATED, result.verdict(), result::describe);
        final ExpectedFile written = ExpectedFile.read(expected);
        assertEquals(List.of("--time-wait", "2m"), written.options());
        assertEquals("TIME_WAIT", written.entries().get(0).clientState());
        assertTrue(Files.readString(expected).contains("\n#options --time-wait 2m\n#fields\t"));
    }

    @Test
    void shouldNameNewExpectedFilesAfterTheWholeNameWhenTwoCapturesShareAStem() throws IOException
    {
        CraftedCaptures.copy(dir, "refused", false);
        Files.copy(dir.resolve("refused.pcap"), dir.resolve("refused.cap"));
        Files.copy(dir.resolve("refused.pcap"), dir.resolve("other.pcapng.pcap"));

        final List<CorpusEntry> entries = CorpusCheck.discover(List.of(dir, dir.resolve("refused.pcap")));

        assertEquals(List.of(
            new CorpusEntry(dir.resolve("other.pcapng.pcap"), dir.resolve("other.pcapng.expected"), false),
            new CorpusEntry(dir.resolve("refused.cap"), dir.resolve("refused.cap.expected"), false),
            new CorpusEntry(dir.resolve("refused.pcap"), dir.resolve("refused.pcap.expected"), false)), entries);
        assertEquals("trace", CorpusCheck.stem(Path.of("trace.pcapng.gz")));
        assertEquals("trace.v2", CorpusCheck.stem(Path.of("trace.v2.PCAP")));
    }
}
