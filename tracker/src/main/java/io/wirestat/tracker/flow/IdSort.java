package io.wirestat.tracker.flow;

/**
 * Sorts record ids by a long key per id, stably (equal keys keep their order), on primitive arrays. Cold path:
 * report order and eviction candidates. Allocates one scratch pair of arrays when the input is not sorted already.
 */
public final class IdSort
{
    private IdSort()
    {
    }

    /**
     * @param ids  to reorder.
     * @param keys one per id, reordered with it.
     * @param n    how many of the arrays' leading entries to sort.
     */
    public static void sortByKey(final int[] ids, final long[] keys, final int n)
    {
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++)
        {
            sorted = keys[i - 1] <= keys[i];
        }
        if (!sorted)
        {
            mergeSort(ids, keys, new int[n], new long[n], 0, n);
        }
    }

    private static void mergeSort(
        final int[] ids, final long[] keys, final int[] tmpIds, final long[] tmpKeys, final int from, final int to)
    {
        if (to - from < 2)
        {
            return;
        }
        final int mid = (from + to) >>> 1;
        mergeSort(ids, keys, tmpIds, tmpKeys, from, mid);
        mergeSort(ids, keys, tmpIds, tmpKeys, mid, to);
        if (keys[mid - 1] <= keys[mid])
        {
            return;
        }
        System.arraycopy(ids, from, tmpIds, from, to - from);
        System.arraycopy(keys, from, tmpKeys, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++)
        {
            if (j >= to || (i < mid && tmpKeys[i] <= tmpKeys[j]))
            {
                ids[k] = tmpIds[i];
                keys[k] = tmpKeys[i++];
            }
            else
            {
                ids[k] = tmpIds[j];
                keys[k] = tmpKeys[j++];
            }
        }
    }
}
