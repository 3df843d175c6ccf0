package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A group bounded to its samples tells the same count, oldest and samples as one that keeps every member. */
class AlertGroupsTest
{
    @Test
    void boundedGroupGivesTheSameSamplesAsAFullOne()
    {
        final SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 200; round++)
        {
            final int limit = random.nextInt(0, 7);
            final AlertGroups.Group full = new AlertGroups.Group("s");
            final AlertGroups.Group bounded = new AlertGroups.Group("s", limit);
            final int members = random.nextInt(0, 40);
            for (int i = 0; i < members; i++)
            {
                // Few distinct times, so ties are broken by the sample text as in the full group.
                final double since = random.nextInt(0, 5);
                final ConnectionRecord record = Conn.conn()
                    .client("10.0.0." + random.nextInt(1, 9), 40_000 + random.nextInt(0, 20))
                    .server("10.0.1.1", 80)
                    .client(TcpState.TIME_WAIT, since)
                    .build();
                full.add(record, Conn.at(since));
                bounded.add(record, Conn.at(since));
            }
            assertEquals(full.count(), bounded.count());
            assertEquals(full.oldestNanos(), bounded.oldestNanos());
            assertEquals(full.samples(limit), bounded.samples(limit), "round " + round);
        }
    }

    @Test
    void timeWaitPathSamplesMatchAGroupsSamples()
    {
        // TimeWaitDetector keeps a path's samples as (since, client port) primitives: the same members, in the same
        // order, as a group of the records. Ports of 2 to 5 digits make ties break on text, not numeric, order.
        final SplittableRandom random = new SplittableRandom(11);
        final int[] ports = {99, 100, 999, 1000, 9999, 10000, 40000, 5, 65535};
        for (int round = 0; round < 300; round++)
        {
            final int limit = random.nextInt(0, 7);
            final AlertGroups.Group group = new AlertGroups.Group("s", limit);
            final TimeWaitDetector.PathSamples samples = new TimeWaitDetector.PathSamples(limit);
            final int members = random.nextInt(0, 40);
            for (int i = 0; i < members; i++)
            {
                final double since = random.nextInt(0, 4);
                final int port = ports[random.nextInt(ports.length)];
                final ConnectionRecord record = Conn.conn()
                    .client("10.0.0.7", port)
                    .server("10.0.1.1", 80)
                    .client(TcpState.TIME_WAIT, since)
                    .build();
                group.add(record, Conn.at(since));
                samples.add(Conn.at(since), port);
            }
            final List<String> expected = group.samples(limit);
            final List<String> actual = new ArrayList<>();
            for (final int port : samples.oldestFirst(limit))
            {
                actual.add("10.0.0.7:" + port + " -> 10.0.1.1:80");
            }
            assertEquals(expected, actual, "round " + round);
            if (members > 0)
            {
                assertEquals(group.oldestNanos(), samples.oldestNanos());
            }
        }
    }

    @Test
    void boundedGroupRefusesWhatItDidNotKeep()
    {
        final AlertGroups.Group bounded = new AlertGroups.Group("s", 1);
        bounded.add(Conn.conn().build(), 1);
        bounded.add(Conn.conn().build(), 2);
        assertThrows(IllegalStateException.class, bounded::records);
        assertThrows(IllegalArgumentException.class, () -> bounded.samples(2));
    }
}
