package io.wirestat.tracker.flow;

import static io.wirestat.tracker.flow.ConnectionLayout.STRIDE;

import java.util.Arrays;

/**
 * Where connection records live: {@link ConnectionLayout#STRIDE} ints each, in pages of {@link #PAGE_SIZE} records,
 * addressed by a dense id (0, 1, 2, ... in order of creation; released ids are reused first). Memory grows with
 * the connections seen, a page at a time, and growing never copies a record, so an id's page and offset stay valid
 * for its lifetime. Knows nothing of what a record holds; {@link FlowTable} does.
 * <p>
 * Not thread safe; owned by one shard thread.
 */
final class RecordPages
{
    static final int PAGE_BITS = 11;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    static final int PAGE_MASK = PAGE_SIZE - 1;

    /** The pages; the array of them is replaced (copied) only when it fills. */
    private int[][] pages = new int[16][];
    private int pageCount;
    private int size;
    private int liveCount;
    private int[] freeIds = new int[16];
    private int freeCount;

    RecordPages()
    {
        addPage();
    }

    /** @return the id high-water mark: ids in use are below it. */
    int size()
    {
        return size;
    }

    /** @return records allocated and not released. */
    int liveCount()
    {
        return liveCount;
    }

    /** @return how many records fit in the pages allocated so far. */
    int capacity()
    {
        return pageCount * PAGE_SIZE;
    }

    int[] page(final int id)
    {
        return pages[id >>> PAGE_BITS];
    }

    static int base(final int id)
    {
        return (id & PAGE_MASK) * STRIDE;
    }

    /**
     * @param limit the most ids this table may hand out.
     * @return a free id (a released one first), its ints zeroed.
     */
    int allocate(final int limit)
    {
        final int id;
        if (freeCount > 0)
        {
            id = freeIds[--freeCount];
        }
        else
        {
            if (size >= limit)
            {
                throw new IllegalStateException("flow table full: " + size + " records (the most one shard holds)");
            }
            if (size == pageCount * PAGE_SIZE)
            {
                addPage();
            }
            id = size++;
        }
        final int b = base(id);
        Arrays.fill(page(id), b, b + STRIDE, 0);
        liveCount++;
        return id;
    }

    /** Makes a live id free for reuse; its ints stay as they are until it is allocated again. */
    void release(final int id)
    {
        liveCount--;
        if (freeCount == freeIds.length)
        {
            freeIds = Arrays.copyOf(freeIds, freeCount * 2);
        }
        freeIds[freeCount++] = id;
    }

    private void addPage()
    {
        if (pageCount == pages.length)
        {
            pages = Arrays.copyOf(pages, pages.length * 2);
        }
        pages[pageCount++] = new int[PAGE_SIZE * STRIDE];
    }
}
