package io.wirestat.tracker.state;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeTimingTest
{
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    @Test
    void shouldPlaceTheCaptureOnTheSideThatAnswersWithoutARoundTrip()
    {
        final HandshakeTiming client = new HandshakeTiming();
        final HandshakeTiming server = new HandshakeTiming();
        for (int id = 0; id < 10; id++)
        {
            final long t = id * 100 * MS;
            client.synAck(id, t, t + 30 * MS);          // the SYN-ACK takes a round trip
            client.ack(id, t + 30 * MS + 20 * US);     // the client's own host answers at once
            server.synAck(id, t, t + 15 * US);
            server.ack(id, t + 15 * US + 40 * MS);
        }
        assertEquals(CapturePoint.CLIENT, client.capturePoint().side());
        assertEquals("10 of 10 handshakes answered a round trip sooner by the client: SYN to SYN-ACK median 30 ms, "
            + "SYN-ACK to ACK median 20 us", client.capturePoint().basis());
        assertEquals(CapturePoint.SERVER, server.capturePoint().side());
        assertTrue(client.capturePoint().at(false));
        assertFalse(client.capturePoint().at(true));
    }

    @Test
    void shouldNotTellSidesApartWhenBothAnswerWithinMicroseconds()
    {
        final HandshakeTiming t = new HandshakeTiming();
        t.synAck(1, 0, 25 * US);
        t.ack(1, 40 * US);
        assertEquals(CapturePoint.UNKNOWN, t.capturePoint().side());
        assertEquals(CapturePoint.NONE, new HandshakeTiming().capturePoint());
    }

    @Test
    void shouldMergeShardsAndLetEveryShardAssumeTheMerge()
    {
        final HandshakeTiming a = new HandshakeTiming();
        final HandshakeTiming b = new HandshakeTiming();
        a.synAck(1, 0, 20 * MS);
        a.ack(1, 20 * MS + 10 * US);
        b.synAck(2, 0, 10 * US);
        b.ack(2, 10 * US + 20 * MS);
        b.synAck(3, 0, 10 * US);
        b.ack(3, 10 * US + 25 * MS);
        b.synAck(4, 0, 10 * US);
        b.ack(4, 10 * US + 30 * MS);
        final CapturePoint merged = HandshakeTiming.merge(List.of(a, b));
        assertEquals(CapturePoint.SERVER, merged.side());
        a.assume(merged);
        assertEquals(merged, a.capturePoint());
    }

    @Test
    void shouldIgnoreAnAckWithoutItsSynAck()
    {
        final HandshakeTiming t = new HandshakeTiming();
        t.synAck(1, 0, 20 * MS);
        t.ack(65, 30 * MS);                            // same slot, another connection
        t.ack(1 + 64 * 2, 30 * MS);
        assertEquals(CapturePoint.NONE, t.capturePoint());
        assertTrue(t.sampling());
    }
}
