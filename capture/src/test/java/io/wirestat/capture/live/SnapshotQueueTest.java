package io.wirestat.capture.live;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The hand-over of snapshot requests to the producing thread, which both live sources rely on: an answer comes from
 * the serving thread with the time asked for, and once the producer has ended every request gets null at once
 * rather than waiting for its timeout.
 */
class SnapshotQueueTest
{
    private static final long LONG_WAIT_MILLIS = 30_000;

    @Test
    void shouldAnswerOnTheServingThreadAsOfTheTimeAsked() throws Exception
    {
        final long[] askedAs = new long[1];
        final SnapshotAnswer answer = new SnapshotAnswer(null, 0, 0, 0, new long[0], 0, PcapStats.NONE, 0, 0, 0, 0);
        final SnapshotQueue queue = new SnapshotQueue(asOf ->
        {
            askedAs[0] = asOf;
            return answer;
        });
        final Thread producer = serveOnce(queue, false);

        assertSame(answer, queue.ask(42, LONG_WAIT_MILLIS));
        producer.join();
        assertEquals(42, askedAs[0]);
        assertFalse(queue.waiting());
    }

    @Test
    void shouldAnswerQueuedRequestsWithNullAtOnceWhenTheProducerEnds() throws Exception
    {
        final SnapshotQueue queue = new SnapshotQueue(asOf -> fail("answered by a producer that ended"));
        final Thread producer = serveOnce(queue, true);

        final long start = System.nanoTime();
        assertNull(queue.ask(1, LONG_WAIT_MILLIS));
        // Well inside the timeout: the end answered, not the wait running out.
        assertTrue(System.nanoTime() - start < LONG_WAIT_MILLIS / 2 * 1_000_000L);
        producer.join();
        assertTrue(queue.ended());
    }

    @Test
    void shouldNotQueueRequestsAfterTheEnd() throws Exception
    {
        final SnapshotQueue queue = new SnapshotQueue(asOf -> fail("answered after the end"));
        queue.end();

        assertNull(queue.ask(1, LONG_WAIT_MILLIS));
        assertFalse(queue.waiting());
    }

    @Test
    void shouldGiveNullWhenNobodyServesInTime() throws Exception
    {
        final SnapshotQueue queue = new SnapshotQueue(asOf -> fail("nobody serves"));

        assertNull(queue.ask(1, 10));
        assertTrue(queue.waiting(), "still queued for the producer");
    }

    private static Thread serveOnce(final SnapshotQueue queue, final boolean end)
    {
        final Thread producer = new Thread(() ->
        {
            while (!queue.waiting())
            {
                Thread.onSpinWait();
            }
            if (end)
            {
                queue.end();
            }
            else
            {
                queue.serve();
            }
        }, "test-producer");
        producer.setDaemon(true);
        producer.start();
        return producer;
    }
}
