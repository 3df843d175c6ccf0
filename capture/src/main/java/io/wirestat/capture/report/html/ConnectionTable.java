package io.wirestat.capture.report.html;

import io.wirestat.tracker.report.ConnectionRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * The report's connection table, bounded: the first N connections in a chosen order, kept in a heap of N during the
 * pass (never every record), and how many there were. Cold path. Not thread safe.
 */
final class ConnectionTable
{
    /** The orders the table can be cut in ({@code --html-order}). */
    enum Order
    {
        /** First packet first, as the text table. */
        FIRST_SEEN,
        /** Longest in its current state first (the oldest CLOSE_WAIT, the stalest half-open). */
        STATE_AGE,
        /** Most packets first. */
        PACKETS,
        /** Most payload bytes first. */
        BYTES;

        @Override
        public String toString()
        {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final int limit;
    private final Order order;
    private final Comparator<ConnectionRecord> better;
    private final PriorityQueue<Held> heap;
    private long total;
    private long sequence;

    private record Held(ConnectionRecord record, long sequence)
    {
    }

    ConnectionTable(final int limit, final Order order)
    {
        this.limit = limit;
        this.order = order;
        this.better = comparator(order);
        // The heap's head is the worst held row: the one a better row replaces.
        this.heap = new PriorityQueue<>(Math.min(limit, 1024) + 1,
            Comparator.<Held, ConnectionRecord>comparing(Held::record, better).thenComparingLong(Held::sequence)
                .reversed());
    }

    void accept(final ConnectionRecord record)
    {
        total++;
        final Held held = new Held(record, sequence++);
        if (heap.size() < limit)
        {
            heap.add(held);
            return;
        }
        final Held worst = heap.peek();
        if (better.compare(record, worst.record()) < 0)
        {
            heap.poll();
            heap.add(held);
        }
    }

    /** @return the rows held, best first. */
    List<ConnectionRecord> rows()
    {
        final List<Held> held = new ArrayList<>(heap);
        held.sort(Comparator.<Held, ConnectionRecord>comparing(Held::record, better)
            .thenComparingLong(Held::sequence));
        final List<ConnectionRecord> rows = new ArrayList<>(held.size());
        for (final Held h : held)
        {
            rows.add(h.record());
        }
        return rows;
    }

    long total()
    {
        return total;
    }

    Order order()
    {
        return order;
    }

    private static Comparator<ConnectionRecord> comparator(final Order order)
    {
        return switch (order)
        {
            case FIRST_SEEN -> ConnectionRecord.FIRST_SEEN_ORDER;
            case STATE_AGE -> Comparator.comparingLong((ConnectionRecord r) ->
                Math.min(r.clientStateSinceNanos(), r.serverStateSinceNanos()));
            case PACKETS -> Comparator.comparingLong((ConnectionRecord r) -> -(r.clientPackets() + r.serverPackets()));
            case BYTES -> Comparator.comparingLong((ConnectionRecord r) -> -(r.clientBytes() + r.serverBytes()));
        };
    }
}
