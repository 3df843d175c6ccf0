package io.wirestat.tracker.report;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class EndpointTest
{
    /** What Endpoint's equals and hashCode replaced: a record's generated ones. */
    private record Generated(long hi, long lo, int port)
    {
    }

    @Test
    void shouldCompareAndHashAsTheGeneratedRecordMethodsDid()
    {
        final Random random = new Random(9);
        for (int i = 0; i < 20_000; i++)
        {
            final long hi = i % 3 == 0 ? 0 : random.nextLong();
            final long lo = random.nextLong();
            final int port = random.nextInt(65_536);
            final Endpoint endpoint = new Endpoint(hi, lo, port);
            assertEquals(new Generated(hi, lo, port).hashCode(), endpoint.hashCode(), "hash of " + endpoint);
            assertEquals(new Endpoint(hi, lo, port), endpoint);
            assertNotEquals(new Endpoint(hi ^ 1, lo, port), endpoint);
            assertNotEquals(new Endpoint(hi, lo ^ 1, port), endpoint);
            assertNotEquals(new Endpoint(hi, lo, port ^ 1), endpoint);
        }
        assertNotEquals(new Endpoint(0, 1, 2), (Object)"0:1:2");
        assertNotEquals(new Endpoint(0, 1, 2), null);
    }
}
