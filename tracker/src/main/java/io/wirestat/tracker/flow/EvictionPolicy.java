package io.wirestat.tracker.flow;

import java.util.Arrays;

/**
 * Which record to give up when the flow table is full, as conntrack's early drop prefers entries that are not
 * assured: the least recently active <em>finished</em> record (both endpoints closed, in TIME_WAIT or never seen),
 * else the least recently active <em>half-open</em> one (a handshake that did not complete); never an active one
 * (a full table of those refuses new connections, and the caller counts it).
 * <p>
 * Nothing is kept per record but its 2-bit class in the record itself, and nothing is done per segment but
 * noting a change of class. The first time a victim is needed, one scan of the table sorts the finished and the
 * half-open records by last activity into candidate lists; from then on a record entering either class is
 * appended to its list (it is newer than every candidate, so the lists stay in order, as conntrack's and the
 * order of entering the class). Victims are taken from the heads, each checked to be still of its class. A table that never fills costs
 * nothing; a full one costs a few array writes per class change; a list that outgrows the table is rebuilt.
 * <p>
 * Not thread safe; owned by one shard thread.
 */
public final class EvictionPolicy
{
    public static final int ACTIVE = 0;
    public static final int FINISHED = 1;
    public static final int HALF_OPEN = 2;

    /** When a record last did anything, in packet nanoseconds. */
    @FunctionalInterface
    public interface Activity
    {
        long lastActivityNanos(int id);
    }

    private final Candidates finished = new Candidates();
    private final Candidates halfOpen = new Candidates();
    /** True once the table has been scanned: every class change is then listed. */
    private boolean listing;

    /**
     * Notes a record's class after a segment; cheap when the class did not change.
     *
     * @param id       the record.
     * @param page     the record's page.
     * @param base     the record's offset.
     * @param klass    its class now.
     * @param activity when records were last active.
     */
    public void classify(final int id, final int[] page, final int base, final int klass, final Activity activity)
    {
        final int meta = page[base + ConnectionLayout.META];
        final int old = (meta & ConnectionLayout.CLASS_MASK) >>> ConnectionLayout.CLASS_SHIFT;
        if (old != klass)
        {
            page[base + ConnectionLayout.META] = (meta & ~ConnectionLayout.CLASS_MASK) |
                klass << ConnectionLayout.CLASS_SHIFT;
            if (listing && klass != ACTIVE)
            {
                (klass == FINISHED ? finished : halfOpen).add(id, activity.lastActivityNanos(id));
            }
        }
    }

    /**
     * Picks the record to evict, without removing it.
     *
     * @return {@code id << 2 | class} of the victim, or -1 when every record is active.
     */
    public int victim(final FlowTable table, final Activity activity)
    {
        final int bound = 2 * table.liveCount() + 1024;
        if (!listing || finished.pending() > bound || halfOpen.pending() > bound)
        {
            scan(table, activity);
        }
        int id = finished.take(table, FINISHED);
        if (id >= 0)
        {
            return id << 2 | FINISHED;
        }
        id = halfOpen.take(table, HALF_OPEN);
        return id < 0 ? -1 : id << 2 | HALF_OPEN;
    }

    private static int classOf(final FlowTable table, final int id)
    {
        return (table.page(id)[FlowTable.base(id) + ConnectionLayout.META] & ConnectionLayout.CLASS_MASK) >>>
            ConnectionLayout.CLASS_SHIFT;
    }

    private void scan(final FlowTable table, final Activity activity)
    {
        listing = true;
        finished.clear();
        halfOpen.clear();
        final int size = table.size();
        for (int id = 0; id < size; id++)
        {
            if (table.isLive(id))
            {
                final int klass = classOf(table, id);
                if (klass == FINISHED)
                {
                    finished.add(id, activity.lastActivityNanos(id));
                }
                else if (klass == HALF_OPEN)
                {
                    halfOpen.add(id, activity.lastActivityNanos(id));
                }
            }
        }
        finished.sort();
        halfOpen.sort();
    }

    /** Records of one class, oldest first, with their last activity at the time of the scan. */
    private static final class Candidates
    {
        private int[] ids = new int[16];
        private long[] activity = new long[16];
        private int count;
        private int next;

        void clear()
        {
            count = 0;
            next = 0;
        }

        int pending()
        {
            return count - next;
        }

        void add(final int id, final long lastActivity)
        {
            if (count == ids.length && next > count / 2)
            {
                // Taken entries at the head are dead: slide the live ones down instead of growing.
                System.arraycopy(ids, next, ids, 0, count - next);
                System.arraycopy(activity, next, activity, 0, count - next);
                count -= next;
                next = 0;
            }
            if (count == ids.length)
            {
                ids = Arrays.copyOf(ids, count * 2);
                activity = Arrays.copyOf(activity, count * 2);
            }
            ids[count] = id;
            activity[count++] = lastActivity;
        }

        void sort()
        {
            IdSort.sortByKey(ids, activity, count);
        }

        int take(final FlowTable table, final int klass)
        {
            while (next < count)
            {
                final int id = ids[next];
                next++;
                if (table.isLive(id) && classOf(table, id) == klass)
                {
                    return id;
                }
            }
            return -1;
        }
    }
}
