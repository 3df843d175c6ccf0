package io.wirestat.tracker.flow;

import java.util.Arrays;

/**
 * Which records to give up first when the flow table is full: intrusive doubly-linked lists over record ids, one
 * per class, each in order of entering the class, so the oldest finished record (both endpoints closed or in
 * TIME_WAIT) and then the oldest half-open one are found in O(1), as conntrack's early drop prefers closing
 * entries. Moving a record costs a few array writes; nothing is allocated but growth.
 * Not thread safe; owned by one shard thread.
 */
public final class EvictionOrder
{
    public static final byte NONE = 0;
    /** Both endpoints CLOSED, TIME_WAIT or never seen: first to go. */
    public static final byte FINISHED = 1;
    /** A handshake that has not completed (SYN_SENT, SYN_RECV): next to go. */
    public static final byte HALF_OPEN = 2;
    /** Everything else: never evicted; a full table of these refuses new connections (counted). */
    public static final byte ACTIVE = 3;
    private static final int LISTS = 4;

    private int[] prev;
    private int[] next;
    private byte[] listOf;
    private final int[] head = new int[LISTS];
    private final int[] tail = new int[LISTS];

    public EvictionOrder(final int capacity)
    {
        prev = new int[capacity];
        next = new int[capacity];
        listOf = new byte[capacity];
        Arrays.fill(head, -1);
        Arrays.fill(tail, -1);
    }

    public void ensureCapacity(final int capacity)
    {
        if (capacity > listOf.length)
        {
            prev = Arrays.copyOf(prev, capacity);
            next = Arrays.copyOf(next, capacity);
            listOf = Arrays.copyOf(listOf, capacity);
        }
    }

    /**
     * Puts a record at the young end of a class's list, unless it is already in that class (then its age in the
     * class is kept).
     *
     * @param id   record id.
     * @param list FINISHED, HALF_OPEN or ACTIVE.
     */
    public void moveTo(final int id, final byte list)
    {
        if (listOf[id] == list)
        {
            return;
        }
        unlink(id);
        listOf[id] = list;
        prev[id] = tail[list];
        next[id] = -1;
        if (tail[list] >= 0)
        {
            next[tail[list]] = id;
        }
        else
        {
            head[list] = id;
        }
        tail[list] = id;
    }

    /** Takes a record out of whatever list holds it. */
    public void remove(final int id)
    {
        unlink(id);
        listOf[id] = NONE;
    }

    /**
     * @param list a class.
     * @return the record longest in that class, or -1 if it is empty.
     */
    public int oldest(final byte list)
    {
        return head[list];
    }

    private void unlink(final int id)
    {
        final byte list = listOf[id];
        if (list == NONE)
        {
            return;
        }
        final int p = prev[id];
        final int n = next[id];
        if (p >= 0)
        {
            next[p] = n;
        }
        else
        {
            head[list] = n;
        }
        if (n >= 0)
        {
            prev[n] = p;
        }
        else
        {
            tail[list] = p;
        }
    }
}
