package io.wirestat.capture.analysis;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.detect.Detectors;
import io.wirestat.tracker.report.ConnectionRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The detectors on their own thread give exactly the alerts of the same run on the caller's thread. */
class DetectorThreadTest
{
    private static final Path DEMO = Path.of("../replay-fixtures/captures/kernel/demo.pcap");

    @Test
    void sameAlertsAsOnTheCallersThread() throws IOException
    {
        final AnalysisOptions options = new AnalysisOptions();
        options.files.add(DEMO);
        final AnalysisReport report = OfflineAnalyzer.analyze(options);
        final List<ConnectionRecord> records = report.connections();
        // Repeat the records past several batches, so that full batches, a partial last one and the hand-off
        // queue's back-pressure all take part.
        final List<ConnectionRecord> many = new ArrayList<>();
        while (many.size() < 20_000)
        {
            many.addAll(records);
        }
        final DetectorConfig config = new DetectorConfig();

        final List<Alert> expected = Detectors.run(many, report.lastNanos(), config);
        final List<Alert> actual;
        try (DetectorThread thread = new DetectorThread(Detectors.start(report.lastNanos(), config)))
        {
            many.forEach(thread::accept);
            actual = thread.finish();
        }

        assertFalse(expected.isEmpty(), "demo.pcap raises alerts (stuck CLOSE_WAIT, FIN_WAIT_2, unanswered SYN)");
        assertEquals(expected, actual);
    }

    @Test
    void aDetectorsFailureReachesTheCaller() throws IOException
    {
        final AnalysisOptions options = new AnalysisOptions();
        options.files.add(DEMO);
        final ConnectionRecord record = OfflineAnalyzer.analyze(options).connections().get(0);
        final int[] seen = {0};
        try (DetectorThread thread = new DetectorThread(r ->
        {
            if (++seen[0] == 3000)
            {
                throw new IllegalStateException("detector failed on record 3000");
            }
        }, List::of))
        {
            for (int i = 0; i < 10_000; i++)
            {
                thread.accept(record);
            }
            final IllegalStateException e = assertThrows(IllegalStateException.class, thread::finish);
            assertEquals("detector failed on record 3000", e.getMessage());
        }
        catch (final IllegalStateException e)
        {
            // accept() may meet the failure first, when the dead thread no longer drains the queue.
            assertEquals("detector failed on record 3000", e.getMessage());
        }
    }

    @Test
    void aNullRecordIsRefused()
    {
        try (DetectorThread thread = new DetectorThread(r -> { }, List::of))
        {
            assertThrows(NullPointerException.class, () -> thread.accept(null));
        }
    }
}
