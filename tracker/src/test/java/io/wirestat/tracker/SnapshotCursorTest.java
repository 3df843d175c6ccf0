package io.wirestat.tracker;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.support.Wire;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.wirestat.tracker.support.Wire.ACK;
import static io.wirestat.tracker.support.Wire.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SnapshotCursorTest
{
    @Test
    void shouldListTheSnapshotsRecordsInFirstSeenOrderTiesBrokenByAddress()
    {
        final TcpTracker tracker = new TcpTracker(new TrackerConfig().initialCapacity(16));
        // Wires all start at the same instant: the later ones are advanced so first-seen order differs from
        // creation order, and three share one first timestamp so the tie-break decides their order.
        new Wire(tracker, "10.0.0.9", 4000, "10.0.0.2", 80).advanceMillis(30).client(SYN).server(SYN | ACK);
        new Wire(tracker, "10.0.0.10", 4001, "10.0.0.2", 80).client(SYN);
        new Wire(tracker, "10.0.0.3", 4002, "10.0.0.2", 80).advanceMillis(5).client(SYN).server(SYN | ACK).client(ACK);
        new Wire(tracker, "10.0.0.1", 4003, "10.0.0.2", 80).client(SYN);
        new Wire(tracker, "10.0.0.2", 4004, "10.0.0.2", 443).client(SYN);
        for (int i = 0; i < 20; i++)
        {
            new Wire(tracker, "10.1.0." + (20 - i), 5000 + i, "10.0.0.2", 80).advanceMillis(100 + (i * 7) % 11)
                .client(SYN);
        }

        final List<ConnectionRecord> expected = new ArrayList<>();
        tracker.snapshot(Long.MAX_VALUE / 2, expected::add);
        expected.sort(ConnectionRecord.FIRST_SEEN_ORDER);

        final List<ConnectionRecord> actual = new ArrayList<>();
        final SnapshotCursor cursor = tracker.cursor(Long.MAX_VALUE / 2);
        while (cursor.hasNext())
        {
            final ConnectionRecord peeked = cursor.peek();
            final ConnectionRecord taken = cursor.next();
            assertEquals(peeked, taken, "peek shows what next hands out");
            actual.add(taken);
        }
        assertFalse(cursor.hasNext());
        assertEquals(expected, actual);
        assertEquals(25, actual.size());
        assertEquals("10.0.0.10:4001", actual.get(0).client().toString(), "ties: by client as a string");
    }

    @Test
    void shouldBuildEachRecordOnceEvenWhenItEndsARunOfEqualFirstTimestamps()
    {
        final TcpTracker tracker = new TcpTracker(new TrackerConfig().initialCapacity(16));
        // Runs of 1, 3 and 2 records sharing a first timestamp, then single ones.
        new Wire(tracker, "10.0.0.1", 4000, "10.0.0.2", 80).client(SYN);
        new Wire(tracker, "10.0.0.3", 4001, "10.0.0.2", 80).advanceMillis(1).client(SYN);
        new Wire(tracker, "10.0.0.4", 4002, "10.0.0.2", 80).advanceMillis(1).client(SYN);
        new Wire(tracker, "10.0.0.5", 4003, "10.0.0.2", 80).advanceMillis(1).client(SYN);
        new Wire(tracker, "10.0.0.6", 4004, "10.0.0.2", 80).advanceMillis(2).client(SYN);
        new Wire(tracker, "10.0.0.7", 4005, "10.0.0.2", 80).advanceMillis(2).client(SYN);
        for (int i = 0; i < 5; i++)
        {
            new Wire(tracker, "10.0.1." + i, 5000 + i, "10.0.0.2", 80).advanceMillis(10 + i).client(SYN);
        }
        final List<ConnectionRecord> sorted = new ArrayList<>();
        tracker.snapshot(Long.MAX_VALUE / 2, sorted::add);
        sorted.sort(ConnectionRecord.FIRST_SEEN_ORDER);

        // Ids in first-seen order, but each run reversed, so the cursor's sort within a run is exercised too.
        final int[] ids = {0, 3, 2, 1, 5, 4, 6, 7, 8, 9, 10};
        final int[] builds = new int[sorted.size()];
        final SnapshotCursor cursor = new OrderedSnapshot(ids, 0, (id, asOf) ->
        {
            builds[id]++;
            return sorted.get(id);
        });
        final List<ConnectionRecord> actual = new ArrayList<>();
        while (cursor.hasNext())
        {
            actual.add(cursor.next());
        }
        assertEquals(sorted, actual);
        for (int id = 0; id < builds.length; id++)
        {
            assertEquals(1, builds[id], "record " + id + " built once");
        }
    }
}
