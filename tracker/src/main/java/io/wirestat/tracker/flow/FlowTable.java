package io.wirestat.tracker.flow;

import java.util.Arrays;

/**
 * Connection keys and the index that finds them: one record per connection, both directions in one record.
 * <p>
 * Records live in parallel primitive arrays indexed by a dense record id (0, 1, 2, ... in order of creation), so
 * the id is also the row of every per-connection column elsewhere ({@code TcpTracker}'s state columns). A separate
 * open-addressing index (linear probing over {@code int[]}, value = id + 1, 0 = empty) maps a key to the
 * <em>current</em> record for that key; a record replaced by port reuse stays in the arrays (it is still reported)
 * but drops out of the index. Removed records' ids are reused (free list), so a capped table stays within its
 * arrays. No object is allocated per lookup; arrays grow by doubling.
 * <p>
 * Not thread safe; owned by one shard thread.
 */
public final class FlowTable
{
    /** Lookup result bit: set when the segment travels server → client. */
    public static final int FROM_SERVER = 1;
    /** Lookup result when no record matches. */
    public static final int NOT_FOUND = -1;

    /** Addresses, interleaved per record (clientHi, clientLo, serverHi, serverLo): one cache line per key. */
    private long[] addresses;
    /**
     * Per record: client port << 16 | server port, VLAN client → server, VLAN server → client (the same unless the
     * network tags the directions differently), hash, and LIVE/INDEXED flags; interleaved with the addresses' line.
     */
    private int[] meta;
    private static final int A_STRIDE = 4;
    private static final int CLIENT_HI = 0;
    private static final int CLIENT_LO = 1;
    private static final int SERVER_HI = 2;
    private static final int SERVER_LO = 3;
    private static final int M_STRIDE = 8;
    private static final int PORTS = 0;
    private static final int VLAN = 1;
    private static final int REPLY_VLAN = 2;
    private static final int HASH = 3;
    private static final int FLAGS = 4;
    /** FLAGS bit: the id holds a record (not removed). */
    private static final int LIVE = 1;
    /** FLAGS bit: the record is the current one for its key (in the index). */
    private static final int INDEXED = 2;

    private int capacity;
    private int size;
    private int liveCount;
    private int[] freeIds = new int[16];
    private int freeCount;

    /** Entries pack the key's hash (high 32 bits) with id + 1 (low 32 bits; 0 = empty), so probing compares hashes
     * without touching the record columns. */
    private long[] index;
    private int indexMask;

    /**
     * @param initialCapacity records to allocate up front; a power of two.
     */
    public FlowTable(final int initialCapacity)
    {
        allocate(initialCapacity);
        index = new long[initialCapacity * 2];
        indexMask = index.length - 1;
    }

    /** @return the id high-water mark: ids in use are below it (check {@link #isLive(int)}). */
    public int size()
    {
        return size;
    }

    /** @return records currently held (created and not removed). */
    public int liveCount()
    {
        return liveCount;
    }

    /**
     * @param id a record id below {@link #size()}.
     * @return true if the id holds a record (it has not been removed).
     */
    public boolean isLive(final int id)
    {
        return (meta[id * M_STRIDE + FLAGS] & LIVE) != 0;
    }

    /** @return how many records fit before the arrays grow. */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Finds the current record for a segment's key.
     *
     * @return {@code id << 1 | direction} ({@link #FROM_SERVER} set when src is the record's server), or
     *         {@link #NOT_FOUND}.
     */
    public int find(
        final int hash, final long srcHi, final long srcLo, final int srcPort,
        final long dstHi, final long dstLo, final int dstPort, final int vlan)
    {
        final long[] index = this.index;
        final int mask = indexMask;
        int slot = hash & mask;
        long entry;
        while ((entry = index[slot]) != 0)
        {
            if ((int)(entry >>> 32) == hash)
            {
                final int id = (int)entry - 1;
                final int m = id * M_STRIDE;
                final int a = id * A_STRIDE;
                final int p = meta[m + PORTS];
                if (meta[m + VLAN] == vlan && p == (srcPort << 16 | dstPort) && addresses[a + CLIENT_LO] == srcLo &&
                    addresses[a + SERVER_LO] == dstLo && addresses[a + CLIENT_HI] == srcHi &&
                    addresses[a + SERVER_HI] == dstHi)
                {
                    return id << 1;
                }
                if (meta[m + REPLY_VLAN] == vlan && p == (dstPort << 16 | srcPort) &&
                    addresses[a + CLIENT_LO] == dstLo && addresses[a + SERVER_LO] == srcLo &&
                    addresses[a + CLIENT_HI] == dstHi && addresses[a + SERVER_HI] == srcHi)
                {
                    return id << 1 | FROM_SERVER;
                }
            }
            slot = (slot + 1) & mask;
        }
        return NOT_FOUND;
    }

    /**
     * Finds the current record for the segment's addresses and ports on any VLAN other than its own: the candidate
     * when the network tags a connection's two directions differently. Cold: called only when {@link #find} fails.
     *
     * @return {@code id << 1 | direction} of the first such record, or {@link #NOT_FOUND}.
     */
    public int findOnOtherVlan(
        final int hash, final long srcHi, final long srcLo, final int srcPort,
        final long dstHi, final long dstLo, final int dstPort)
    {
        int slot = hash & indexMask;
        long entry;
        while ((entry = index[slot]) != 0)
        {
            if ((int)(entry >>> 32) == hash)
            {
                final int id = (int)entry - 1;
                final int a = id * A_STRIDE;
                final int p = meta[id * M_STRIDE + PORTS];
                if (p == (srcPort << 16 | dstPort) && addresses[a + CLIENT_LO] == srcLo &&
                    addresses[a + SERVER_LO] == dstLo && addresses[a + CLIENT_HI] == srcHi &&
                    addresses[a + SERVER_HI] == dstHi)
                {
                    return id << 1;
                }
                if (p == (dstPort << 16 | srcPort) && addresses[a + CLIENT_LO] == dstLo &&
                    addresses[a + SERVER_LO] == srcLo && addresses[a + CLIENT_HI] == dstHi &&
                    addresses[a + SERVER_HI] == srcHi)
                {
                    return id << 1 | FROM_SERVER;
                }
            }
            slot = (slot + 1) & indexMask;
        }
        return NOT_FOUND;
    }

    /**
     * Binds one direction of a record to a VLAN (asymmetric tagging, decided by the caller).
     *
     * @param id         record id.
     * @param fromServer the direction: server → client when true.
     * @param vlan       the VLAN that direction travels on.
     */
    public void bindDirectionVlan(final int id, final boolean fromServer, final int vlan)
    {
        meta[id * M_STRIDE + (fromServer ? REPLY_VLAN : VLAN)] = vlan;
    }

    /**
     * Creates a record and makes it the current one for its key, replacing any previous record of the same key
     * in the index (port reuse: the old record keeps its id and data).
     *
     * @return the new record's id.
     */
    public int insert(
        final int hash, final long cHi, final long cLo, final int cPort,
        final long sHi, final long sLo, final int sPort, final int vlan)
    {
        final int id;
        if (freeCount > 0)
        {
            id = freeIds[--freeCount];
        }
        else
        {
            if (size == capacity)
            {
                grow();
            }
            id = size++;
        }
        liveCount++;
        final int a = id * A_STRIDE;
        addresses[a + CLIENT_HI] = cHi;
        addresses[a + CLIENT_LO] = cLo;
        addresses[a + SERVER_HI] = sHi;
        addresses[a + SERVER_LO] = sLo;
        final int m = id * M_STRIDE;
        meta[m + PORTS] = cPort << 16 | sPort;
        meta[m + VLAN] = vlan;
        meta[m + REPLY_VLAN] = vlan;
        meta[m + HASH] = hash;
        meta[m + FLAGS] = LIVE | INDEXED;

        final int existing = find(hash, cHi, cLo, cPort, sHi, sLo, sPort, vlan);
        if (existing != NOT_FOUND)
        {
            replaceInIndex(existing >>> 1, id);
            meta[(existing >>> 1) * M_STRIDE + FLAGS] &= ~INDEXED;
        }
        else
        {
            addToIndex(id);
        }
        return id;
    }

    /**
     * Removes a record: its id goes on the free list for reuse, and if it is the current record for its key the
     * key leaves the index (backward-shift deletion, so no tombstones lengthen later probes).
     *
     * @param id a live record id.
     */
    public void remove(final int id)
    {
        final int flags = meta[id * M_STRIDE + FLAGS];
        if ((flags & LIVE) == 0)
        {
            return;
        }
        if ((flags & INDEXED) != 0)
        {
            removeFromIndex(id);
        }
        meta[id * M_STRIDE + FLAGS] = 0;
        liveCount--;
        if (freeCount == freeIds.length)
        {
            freeIds = Arrays.copyOf(freeIds, freeCount << 1);
        }
        freeIds[freeCount++] = id;
    }

    public long clientHi(final int id)
    {
        return addresses[id * A_STRIDE + CLIENT_HI];
    }

    public long clientLo(final int id)
    {
        return addresses[id * A_STRIDE + CLIENT_LO];
    }

    public long serverHi(final int id)
    {
        return addresses[id * A_STRIDE + SERVER_HI];
    }

    public long serverLo(final int id)
    {
        return addresses[id * A_STRIDE + SERVER_LO];
    }

    public int clientPort(final int id)
    {
        return meta[id * M_STRIDE + PORTS] >>> 16;
    }

    public int serverPort(final int id)
    {
        return meta[id * M_STRIDE + PORTS] & 0xFFFF;
    }

    /** @return the VLAN of the record's client → server direction. */
    public int vlan(final int id)
    {
        return meta[id * M_STRIDE + VLAN];
    }

    /** @return the VLAN of the record's server → client direction. */
    public int replyVlan(final int id)
    {
        return meta[id * M_STRIDE + REPLY_VLAN];
    }

    private void replaceInIndex(final int oldId, final int newId)
    {
        int slot = meta[oldId * M_STRIDE + HASH] & indexMask;
        while ((int)index[slot] != oldId + 1)
        {
            slot = (slot + 1) & indexMask;
        }
        index[slot] = entry(newId);
    }

    private long entry(final int id)
    {
        return (long)meta[id * M_STRIDE + HASH] << 32 | (id + 1L);
    }

    private void removeFromIndex(final int id)
    {
        final int mask = indexMask;
        int hole = meta[id * M_STRIDE + HASH] & mask;
        while ((int)index[hole] != id + 1)
        {
            hole = (hole + 1) & mask;
        }
        // Knuth's algorithm R: shift back every later entry of the cluster that may not sit after the hole.
        int next = hole;
        while (true)
        {
            next = (next + 1) & mask;
            final long entry = index[next];
            if (entry == 0)
            {
                break;
            }
            final int home = (int)(entry >>> 32) & mask;
            final boolean homeOutsideGap = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (homeOutsideGap)
            {
                index[hole] = entry;
                hole = next;
            }
        }
        index[hole] = 0;
    }

    private void addToIndex(final int id)
    {
        // Keep the index at most half full so probe chains stay short.
        if ((liveCount << 1) > index.length)
        {
            rehash(index.length << 1);
        }
        int slot = meta[id * M_STRIDE + HASH] & indexMask;
        while (index[slot] != 0)
        {
            slot = (slot + 1) & indexMask;
        }
        index[slot] = entry(id);
    }

    private void rehash(final int newLength)
    {
        final long[] old = index;
        index = new long[newLength];
        indexMask = newLength - 1;
        for (final long entry : old)
        {
            if (entry != 0)
            {
                int slot = (int)(entry >>> 32) & indexMask;
                while (index[slot] != 0)
                {
                    slot = (slot + 1) & indexMask;
                }
                index[slot] = entry;
            }
        }
    }

    private void grow()
    {
        capacity <<= 1;
        addresses = Arrays.copyOf(addresses, capacity * A_STRIDE);
        meta = Arrays.copyOf(meta, capacity * M_STRIDE);
    }

    private void allocate(final int n)
    {
        capacity = n;
        addresses = new long[n * A_STRIDE];
        meta = new int[n * M_STRIDE];
    }
}
