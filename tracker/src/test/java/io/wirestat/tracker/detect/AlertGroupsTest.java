package io.wirestat.tracker.detect;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;

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
    void boundedGroupRefusesWhatItDidNotKeep()
    {
        final AlertGroups.Group bounded = new AlertGroups.Group("s", 1);
        bounded.add(Conn.conn().build(), 1);
        bounded.add(Conn.conn().build(), 2);
        assertThrows(IllegalStateException.class, bounded::records);
        assertThrows(IllegalArgumentException.class, () -> bounded.samples(2));
    }
}
