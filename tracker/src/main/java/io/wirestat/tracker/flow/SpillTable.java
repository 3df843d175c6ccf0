package io.wirestat.tracker.flow;

import java.util.Arrays;

/**
 * Where the rare values of connection records go: the carries of narrow counters, VLAN ids that do not fit the
 * record, repeated SYN/FIN/RST sequence numbers, long histories. An open-addressing map from a long key
 * ({@link #key}) to a long value, linear probing with backward-shift deletion; no object per entry. Grows by
 * doubling (rare: only records that spilled are here). Not thread safe; owned by one shard thread.
 */
public final class SpillTable
{
    /** Value returned by {@link #get} for an absent key. */
    public static final long ABSENT = Long.MIN_VALUE;
    private static final long EMPTY = -1L;

    private long[] keys;
    private long[] values;
    private int mask;
    private int size;

    /** Creates an empty table. */
    public SpillTable()
    {
        allocate(64);
    }

    /**
     * @param id    record id.
     * @param field field code, below 256 (including a side bit where the field is per endpoint).
     * @return the key for that record's field.
     */
    public static long key(final int id, final int field)
    {
        return (long)id << 8 | field;
    }

    /** @return the value, or {@link #ABSENT}. */
    public long get(final long key)
    {
        int slot = slot(key);
        long k;
        while ((k = keys[slot]) != EMPTY)
        {
            if (k == key)
            {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return ABSENT;
    }

    /** @return the value, or 0 when absent (for counter carries). */
    public long getOrZero(final long key)
    {
        final long v = get(key);
        return v == ABSENT ? 0 : v;
    }

    /** Sets a value. */
    public void put(final long key, final long value)
    {
        int slot = slot(key);
        long k;
        while ((k = keys[slot]) != EMPTY)
        {
            if (k == key)
            {
                values[slot] = value;
                return;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
        if (++size * 2 > keys.length)
        {
            rehash(keys.length * 2);
        }
    }

    /** Adds to a value (absent counts as 0). */
    public void add(final long key, final long delta)
    {
        put(key, getOrZero(key) + delta);
    }

    /** Removes a key if present. */
    public void remove(final long key)
    {
        int slot = slot(key);
        long k;
        while ((k = keys[slot]) != EMPTY)
        {
            if (k == key)
            {
                deleteAt(slot);
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Removes every field of one record (codes below {@link ConnectionLayout#S_LIMIT}). */
    public void removeRecord(final int id)
    {
        for (int f = 0; f < ConnectionLayout.S_LIMIT && size > 0; f++)
        {
            remove(key(id, f));
        }
    }

    /** @return entries held. */
    public int size()
    {
        return size;
    }

    private void deleteAt(final int at)
    {
        int hole = at;
        int next = hole;
        while (true)
        {
            next = (next + 1) & mask;
            final long k = keys[next];
            if (k == EMPTY)
            {
                break;
            }
            final int home = slot(k);
            // Move the entry back into the hole unless its home lies cyclically in (hole, next].
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                keys[hole] = k;
                values[hole] = values[next];
                hole = next;
            }
        }
        keys[hole] = EMPTY;
        size--;
    }

    private int slot(final long key)
    {
        return (int)FlowHash.mix(key) & mask;
    }

    private void rehash(final int capacity)
    {
        final long[] oldKeys = keys;
        final long[] oldValues = values;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++)
        {
            if (oldKeys[i] != EMPTY)
            {
                int slot = slot(oldKeys[i]);
                while (keys[slot] != EMPTY)
                {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
                size++;
            }
        }
    }

    private void allocate(final int capacity)
    {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new long[capacity];
        mask = capacity - 1;
        size = 0;
    }
}
