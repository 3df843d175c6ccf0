package io.wirestat.capture.analysis;

import io.wirestat.tracker.detect.Alert;
import io.wirestat.tracker.detect.DetectorConfig;
import io.wirestat.tracker.detect.Detectors;
import io.wirestat.tracker.report.ConnectionRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The records built and run through the detectors on the feed's thread reach the caller unchanged, in order, and
 * give exactly the alerts of the same run on the caller's thread.
 */
class DetectingRecordFeedTest
{
    private static final Path DEMO = Path.of("../replay-fixtures/captures/kernel/demo.pcap");

    private static AnalysisReport demo() throws IOException
    {
        final AnalysisOptions options = new AnalysisOptions();
        options.files.add(DEMO);
        return OfflineAnalyzer.analyze(options);
    }

    /** demo.pcap's records repeated past several batches: full batches, a partial last one, back-pressure. */
    private static List<ConnectionRecord> manyRecords(final AnalysisReport report)
    {
        final List<ConnectionRecord> records = report.connections();
        final List<ConnectionRecord> many = new ArrayList<>();
        while (many.size() < 20_001)
        {
            many.addAll(records);
        }
        return many;
    }

    @Test
    void sameRecordsInOrderAndSameAlertsAsOnTheCallersThread() throws IOException
    {
        final AnalysisReport report = demo();
        final List<ConnectionRecord> many = manyRecords(report);
        final DetectorConfig config = new DetectorConfig();

        final List<Alert> expected = Detectors.run(many, report.lastNanos(), config);
        final List<ConnectionRecord> handed = new ArrayList<>();
        final List<Alert> actual;
        try (DetectingRecordFeed feed = new DetectingRecordFeed(RecordSource.of(many),
            Detectors.start(report.lastNanos(), config)))
        {
            for (final ConnectionRecord record : feed)
            {
                handed.add(record);
            }
            actual = feed.finish();
        }

        assertFalse(expected.isEmpty(), "demo.pcap raises alerts (stuck CLOSE_WAIT, FIN_WAIT_2, unanswered SYN)");
        assertEquals(expected, actual);
        assertEquals(many.size(), handed.size());
        for (int i = 0; i < many.size(); i++)
        {
            assertSame(many.get(i), handed.get(i), "record " + i);
        }
    }

    @Test
    void anEmptySourceEndsAtOnce()
    {
        try (DetectingRecordFeed feed = new DetectingRecordFeed(RecordSource.of(List.of()), r -> { }, List::of))
        {
            assertFalse(feed.iterator().hasNext());
            assertEquals(List.of(), feed.finish());
        }
    }

    @Test
    void aDetectorsFailureReachesTheCaller() throws IOException
    {
        final List<ConnectionRecord> many = manyRecords(demo());
        final int[] seen = {0};
        try (DetectingRecordFeed feed = new DetectingRecordFeed(RecordSource.of(many), r ->
        {
            if (++seen[0] == 3000)
            {
                throw new IllegalStateException("detector failed on record 3000");
            }
        }, List::of))
        {
            final int[] taken = {0};
            final IllegalStateException e = assertThrows(IllegalStateException.class, () ->
            {
                for (final ConnectionRecord ignored : feed)
                {
                    taken[0]++;
                }
            });
            assertEquals("detector failed on record 3000", e.getMessage());
            assertEquals(2999 / DetectingRecordFeed.BATCH * DetectingRecordFeed.BATCH, taken[0],
                "the full batches before the failure were handed; nothing after them");
        }
    }

    @Test
    void aCallerThatStopsEarlyDoesNotLeaveTheThreadBlocked() throws IOException
    {
        final List<ConnectionRecord> many = Collections.nCopies(200_000, demo().connections().get(0));
        // A guard against a hang, not a speed check: close() must stop a thread blocked on the full queue.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
        {
            final DetectingRecordFeed feed = new DetectingRecordFeed(RecordSource.of(many), r -> { }, List::of);
            feed.iterator().next();
            feed.close();
            assertThrows(IllegalStateException.class, feed::finish, "alerts after close would be partial");
        });
    }

    @Test
    void theRecordsAreFedOnce()
    {
        try (DetectingRecordFeed feed = new DetectingRecordFeed(RecordSource.of(List.of()), r -> { }, List::of))
        {
            feed.iterator();
            assertThrows(IllegalStateException.class, feed::iterator);
        }
    }
}
