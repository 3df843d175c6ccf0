package io.wirestat.tracker;

import io.wirestat.tracker.report.ConnectionRecord;
import io.wirestat.tracker.state.TcpState;
import io.wirestat.tracker.support.Wire;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.wirestat.tracker.support.Wire.ACK;
import static io.wirestat.tracker.support.Wire.FIN;
import static io.wirestat.tracker.support.Wire.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackerEvictionTest
{
    @Test
    void shouldEvictTheOldestFinishedRecordFirstThenTheOldestHalfOpen()
    {
        final TcpTracker tracker = new TcpTracker(new TrackerConfig().initialCapacity(16).maxConnections(3));
        closed(tracker, 1001);
        closed(tracker, 1002);
        new Wire(tracker, "10.0.0.1", 1003, "10.0.0.2", 80).client(SYN);

        new Wire(tracker, "10.0.0.1", 1004, "10.0.0.2", 80).client(SYN).server(SYN | ACK).client(ACK);
        assertEquals(List.of(1002, 1003, 1004), clientPorts(tracker), "1001 closed first, so it went first");
        assertEquals(1, tracker.counter(TrackerCounter.EVICTED_FINISHED));

        new Wire(tracker, "10.0.0.1", 1005, "10.0.0.2", 80).client(SYN).server(SYN | ACK).client(ACK);
        new Wire(tracker, "10.0.0.1", 1006, "10.0.0.2", 80).client(SYN).server(SYN | ACK).client(ACK);
        assertEquals(List.of(1004, 1005, 1006), clientPorts(tracker), "then the finished 1002, then the half-open 1003");
        assertEquals(2, tracker.counter(TrackerCounter.EVICTED_FINISHED));
        assertEquals(1, tracker.counter(TrackerCounter.EVICTED_HALF_OPEN));
    }

    @Test
    void shouldRefuseAndCountNewConnectionsWhenFullOfActiveOnes()
    {
        final TcpTracker tracker = new TcpTracker(new TrackerConfig().initialCapacity(16).maxConnections(2));
        final Wire a = new Wire(tracker, "10.0.0.1", 1001, "10.0.0.2", 80).client(SYN).server(SYN | ACK).client(ACK);
        new Wire(tracker, "10.0.0.1", 1002, "10.0.0.2", 80).client(SYN).server(SYN | ACK).client(ACK);
        new Wire(tracker, "10.0.0.1", 1003, "10.0.0.2", 80).client(SYN).client(SYN);

        assertEquals(List.of(1001, 1002), clientPorts(tracker));
        assertEquals(2, tracker.counter(TrackerCounter.TABLE_FULL_DROPS));
        a.client(ACK, 10);
        assertEquals(TcpState.ESTABLISHED, a.records().get(0).clientState(), "tracked connections go on");
    }

    @Test
    void shouldHoldTheBoundUnderASynFloodFromManySources()
    {
        final int cap = 1000;
        final TcpTracker tracker = new TcpTracker(new TrackerConfig().initialCapacity(16).maxConnections(cap));
        final Wire legit = new Wire(tracker, "192.0.2.1", 50000, "10.0.0.2", 80).client(SYN).server(SYN | ACK).client(ACK);
        final int floods = 200_000;
        for (int i = 0; i < floods; i++)
        {
            final String source = "100." + (64 + (i >>> 16 & 63)) + "." + (i >>> 8 & 255) + "." + (i & 255);
            new Wire(tracker, source, 1024 + (i % 60000), "10.0.0.2", 80).client(SYN).server(SYN | ACK);
        }
        assertTrue(tracker.connectionCount() <= cap, "held " + tracker.connectionCount());
        assertEquals(floods + 1 - cap, tracker.counter(TrackerCounter.EVICTED_HALF_OPEN));
        legit.client(ACK, 100);
        assertEquals(TcpState.ESTABLISHED, legit.records().get(0).clientState(), "the established one survived");
    }

    private static void closed(final TcpTracker tracker, final int clientPort)
    {
        new Wire(tracker, "10.0.0.1", clientPort, "10.0.0.2", 80)
            .client(SYN).server(SYN | ACK).client(ACK).client(FIN | ACK).server(FIN | ACK).client(ACK);
    }

    private static List<Integer> clientPorts(final TcpTracker tracker)
    {
        final List<ConnectionRecord> records = new ArrayList<>();
        tracker.snapshot(tracker.latestTimestampNanos(), records::add);
        final List<Integer> ports = new ArrayList<>();
        records.forEach(r -> ports.add(r.client().port()));
        ports.sort(null);
        return ports;
    }
}
