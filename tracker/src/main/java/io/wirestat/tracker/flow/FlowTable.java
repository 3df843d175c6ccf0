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

    private long[] clientHi;
    private long[] clientLo;
    private long[] serverHi;
    private long[] serverLo;
    /** clientPort << 16 | serverPort. */
    private int[] ports;
    /** VLAN of the client → server direction. */
    private int[] vlans;
    /** VLAN of the server → client direction: the same unless the network tags the directions differently. */
    private int[] replyVlans;
    private int[] hashes;
    /** 1 while the record's id is in use, 0 once removed (its id waits on the free list). */
    private byte[] live;
    /** 1 while the record is the current one for its key (in the index), 0 once replaced or removed. */
    private byte[] indexed;
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
        return live[id] != 0;
    }

    /** @return how many records fit before the arrays grow. */
    public int capacity()
    {
        return ports.length;
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
                final int p = ports[id];
                if (vlans[id] == vlan && p == (srcPort << 16 | dstPort) &&
                    clientLo[id] == srcLo && serverLo[id] == dstLo && clientHi[id] == srcHi && serverHi[id] == dstHi)
                {
                    return id << 1;
                }
                if (replyVlans[id] == vlan && p == (dstPort << 16 | srcPort) &&
                    clientLo[id] == dstLo && serverLo[id] == srcLo && clientHi[id] == dstHi && serverHi[id] == srcHi)
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
                final int p = ports[id];
                if (p == (srcPort << 16 | dstPort) &&
                    clientLo[id] == srcLo && serverLo[id] == dstLo && clientHi[id] == srcHi && serverHi[id] == dstHi)
                {
                    return id << 1;
                }
                if (p == (dstPort << 16 | srcPort) &&
                    clientLo[id] == dstLo && serverLo[id] == srcLo && clientHi[id] == dstHi && serverHi[id] == srcHi)
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
        if (fromServer)
        {
            replyVlans[id] = vlan;
        }
        else
        {
            vlans[id] = vlan;
        }
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
            if (size == ports.length)
            {
                grow();
            }
            id = size++;
        }
        liveCount++;
        live[id] = 1;
        indexed[id] = 1;
        clientHi[id] = cHi;
        clientLo[id] = cLo;
        serverHi[id] = sHi;
        serverLo[id] = sLo;
        ports[id] = cPort << 16 | sPort;
        vlans[id] = vlan;
        replyVlans[id] = vlan;
        hashes[id] = hash;

        final int existing = find(hash, cHi, cLo, cPort, sHi, sLo, sPort, vlan);
        if (existing != NOT_FOUND)
        {
            replaceInIndex(existing >>> 1, id);
            indexed[existing >>> 1] = 0;
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
        if (live[id] == 0)
        {
            return;
        }
        if (indexed[id] != 0)
        {
            removeFromIndex(id);
            indexed[id] = 0;
        }
        live[id] = 0;
        liveCount--;
        if (freeCount == freeIds.length)
        {
            freeIds = Arrays.copyOf(freeIds, freeCount << 1);
        }
        freeIds[freeCount++] = id;
    }

    public long clientHi(final int id)
    {
        return clientHi[id];
    }

    public long clientLo(final int id)
    {
        return clientLo[id];
    }

    public long serverHi(final int id)
    {
        return serverHi[id];
    }

    public long serverLo(final int id)
    {
        return serverLo[id];
    }

    public int clientPort(final int id)
    {
        return ports[id] >>> 16;
    }

    public int serverPort(final int id)
    {
        return ports[id] & 0xFFFF;
    }

    /** @return the VLAN of the record's client → server direction. */
    public int vlan(final int id)
    {
        return vlans[id];
    }

    /** @return the VLAN of the record's server → client direction. */
    public int replyVlan(final int id)
    {
        return replyVlans[id];
    }

    private void replaceInIndex(final int oldId, final int newId)
    {
        int slot = hashes[oldId] & indexMask;
        while ((int)index[slot] != oldId + 1)
        {
            slot = (slot + 1) & indexMask;
        }
        index[slot] = entry(newId);
    }

    private long entry(final int id)
    {
        return (long)hashes[id] << 32 | (id + 1L);
    }

    private void removeFromIndex(final int id)
    {
        final int mask = indexMask;
        int hole = hashes[id] & mask;
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
        int slot = hashes[id] & indexMask;
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
        final int n = ports.length << 1;
        clientHi = Arrays.copyOf(clientHi, n);
        clientLo = Arrays.copyOf(clientLo, n);
        serverHi = Arrays.copyOf(serverHi, n);
        serverLo = Arrays.copyOf(serverLo, n);
        ports = Arrays.copyOf(ports, n);
        vlans = Arrays.copyOf(vlans, n);
        replyVlans = Arrays.copyOf(replyVlans, n);
        hashes = Arrays.copyOf(hashes, n);
        live = Arrays.copyOf(live, n);
        indexed = Arrays.copyOf(indexed, n);
    }

    private void allocate(final int n)
    {
        clientHi = new long[n];
        clientLo = new long[n];
        serverHi = new long[n];
        serverLo = new long[n];
        ports = new int[n];
        vlans = new int[n];
        replyVlans = new int[n];
        hashes = new int[n];
        live = new byte[n];
        indexed = new byte[n];
    }
}
