package io.wirestat.tracker.flow;

/**
 * The index half of the {@link FlowTable}: an open-addressing table (linear probing over {@code int[]}) from a
 * flow hash to the id of the key's <em>current</em> record, each entry a 6-bit tag of the hash above {@code id + 1}
 * (0 = empty), kept at most three-quarters full; and in front of it a small hint of the flows seen last. The index
 * knows hashes and ids, never keys: the table compares keys and says, for removal and growth, which hash an id has.
 * <p>
 * Probing is spelled out by its caller ({@link #slotOf}, {@link #entryAt}, {@link #nextSlot}) so the table's lookup
 * compiles to one loop with no object per step. Not thread safe; owned by the table's thread.
 */
final class FlowIndex
{
    /** Ids are below 2^ID_BITS; an entry's upper bits hold a tag of the hash. */
    static final int ID_BITS = 26;
    static final int ID_MASK = (1 << ID_BITS) - 1;
    /** Hint slots: more than the connections active at one moment of most captures. */
    private static final int RECENT_SIZE = 1 << 12;
    private static final int RECENT_MASK = RECENT_SIZE - 1;

    /** The hash of a record, asked when the index moves or rebuilds entries. */
    @FunctionalInterface
    interface Hashes
    {
        int hashOf(int id);
    }

    private int[] slots;
    private int mask;
    private int entries;
    /**
     * The flows seen last, by the low bits of their hash: {@code id + 1}, 0 = none. A capture interleaves the
     * packets of the connections active at one moment, a few thousand at most even on a busy link, while the index
     * covers every connection of the capture: a hit saves the index probe, a cache miss into megabytes, on most
     * segments. A hint is only a hint: the table takes it only for a live, indexed record with the key, which is the
     * key's current record by the index's own rule, so no hint needs clearing when records change.
     */
    private final int[] recent = new int[RECENT_SIZE];

    /** @param initialLength slots up front, a power of two (the index doubles beyond). */
    FlowIndex(final int initialLength)
    {
        slots = new int[initialLength];
        mask = initialLength - 1;
    }

    /** @return the id the hint holds for this hash, or -1. */
    int hinted(final int hash)
    {
        return recent[hash & RECENT_MASK] - 1;
    }

    /** Notes the record just found or inserted for a hash. */
    void hint(final int hash, final int id)
    {
        recent[hash & RECENT_MASK] = id + 1;
    }

    /** @return the first slot a hash probes. */
    int slotOf(final int hash)
    {
        return hash & mask;
    }

    /** @return the entry in a slot; 0 ends a probe. */
    int entryAt(final int slot)
    {
        return slots[slot];
    }

    /** @return the slot after this one. */
    int nextSlot(final int slot)
    {
        return (slot + 1) & mask;
    }

    /** @return true when an entry's tag agrees with the hash (the id may then have the key). */
    static boolean tagMatches(final int entry, final int hash)
    {
        return entry >>> ID_BITS == hash >>> ID_BITS;
    }

    /** @return the id an entry holds. */
    static int idOf(final int entry)
    {
        return (entry & ID_MASK) - 1;
    }

    /** @return true when adding one more entry would pass three-quarters: {@link #rebuild} first. */
    boolean full()
    {
        return (entries + 1) * 4 > slots.length * 3;
    }

    /** @return the slot count. */
    int length()
    {
        return slots.length;
    }

    /** Empties the index at a new length; the caller then {@link #add}s every current record again. */
    void rebuild(final int newLength)
    {
        slots = new int[newLength];
        mask = newLength - 1;
        entries = 0;
    }

    /** Adds an id that is not in the index (the caller checked {@link #full} first). */
    void add(final int id, final int hash)
    {
        int slot = hash & mask;
        while (slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        slots[slot] = entry(id, hash);
        entries++;
    }

    /** Points the slot holding {@code oldId} (of this hash) at {@code newId}: a port reuse's new record. */
    void replace(final int oldId, final int newId, final int hash)
    {
        int slot = hash & mask;
        while ((slots[slot] & ID_MASK) != oldId + 1)
        {
            slot = (slot + 1) & mask;
        }
        slots[slot] = entry(newId, hash);
    }

    /** Removes an id (of this hash), closing the gap by moving later entries back (no tombstones). */
    void remove(final int id, final int hash, final Hashes hashes)
    {
        int hole = hash & mask;
        while ((slots[hole] & ID_MASK) != id + 1)
        {
            hole = (hole + 1) & mask;
        }
        int next = hole;
        while (true)
        {
            next = (next + 1) & mask;
            final int e = slots[next];
            if (e == 0)
            {
                break;
            }
            final int home = hashes.hashOf(idOf(e)) & mask;
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                slots[hole] = e;
                hole = next;
            }
        }
        slots[hole] = 0;
        entries--;
    }

    private static int entry(final int id, final int hash)
    {
        return (hash >>> ID_BITS) << ID_BITS | (id + 1);
    }
}
