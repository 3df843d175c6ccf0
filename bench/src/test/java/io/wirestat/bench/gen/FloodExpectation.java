package io.wirestat.bench.gen;

/**
 * What docs/state-model.md's eviction policy says a table of {@code --max-connections} does with a
 * {@link FloodCapture}, worked out from the policy's rule, not from the tracker: finished records go first, then
 * half-open ones oldest first, established ones never (a table full of them refuses the new connection's segments,
 * counted as {@code table_full_drops}).
 * <pre>
 *   before the flood: P = the file's real connection + F finished + E idle established + others (live: a real socket)
 *   room for the flood once the finished are gone: S = max - (P - F)
 *   syn          evicted_finished = min(F, flows - (max - P)), evicted_half_open = flows - S, the newest S held
 *   established  evicted_finished as above, evicted_half_open = 0, the oldest S held, the rest refused: 4 segments
 *                each in table_full_drops
 * </pre>
 */
final class FloodExpectation
{
    final long before;
    final long room;
    /** Flood flows held at the end, and the index of the first of them. */
    final long held;
    final long firstHeld;
    final long evictedFinished;
    final long evictedHalfOpen;
    final long tableFullDrops;
    /** The {@code connections} counter: records ever made. */
    final long connections;

    FloodExpectation(final FloodCapture capture, final int maxConnections, final int others)
    {
        before = 1L + capture.finished + capture.established + others;
        room = maxConnections - (before - capture.finished);
        final long flows = capture.floodFlows;
        evictedFinished = Math.max(0, Math.min(capture.finished, flows - (maxConnections - before)));
        held = Math.min(flows, room);
        if (FloodOptions.MODE_SYN.equals(capture.mode))
        {
            evictedHalfOpen = flows - held;
            firstHeld = flows - held;
            tableFullDrops = 0;
            connections = before + flows;
        }
        else
        {
            evictedHalfOpen = 0;
            firstHeld = 0;
            tableFullDrops = 4 * (flows - held);
            connections = before + held;
        }
    }
}
