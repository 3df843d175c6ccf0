package io.wirestat.tracker.flow;

import static io.wirestat.tracker.flow.ConnectionLayout.F_INDEXED;
import static io.wirestat.tracker.flow.ConnectionLayout.F_LIVE;
import static io.wirestat.tracker.flow.ConnectionLayout.F_SPILLED;
import static io.wirestat.tracker.flow.ConnectionLayout.F_V6;
import static io.wirestat.tracker.flow.ConnectionLayout.F_VLAN_SPILLED;
import static io.wirestat.tracker.flow.ConnectionLayout.KEY_CLIENT;
import static io.wirestat.tracker.flow.ConnectionLayout.KEY_SERVER;
import static io.wirestat.tracker.flow.ConnectionLayout.META;
import static io.wirestat.tracker.flow.ConnectionLayout.PORTS;

/**
 * Connection records and the index that finds them: one record per connection, both directions in one record.
 * <p>
 * Records are {@link ConnectionLayout#STRIDE} ints in {@link RecordPages}, indexed by a dense id (0, 1, 2, ... in
 * order of creation; removed ids are reused), so memory grows with the connections seen, a page at a time, and
 * growing never copies a record. A separate open-addressing index ({@link FlowIndex}: linear
 * probing over {@code int[]}, a 6-bit tag of the hash and id + 1, 0 = empty) maps a key to the <em>current</em>
 * record for that key; a record replaced by port reuse stays (it is still reported) but drops out of the index.
 * IPv4 keys sit in the record; IPv6 keys in a side store the record points at. No object is allocated per lookup.
 * <p>
 * Not thread safe; owned by one shard thread.
 */
public final class FlowTable
{
    /** Lookup result bit: set when the segment travels server → client. */
    public static final int FROM_SERVER = 1;
    /** Lookup result when no record matches. */
    public static final int NOT_FOUND = -1;
    /** Records per page. */
    public static final int PAGE_BITS = RecordPages.PAGE_BITS;
    public static final int PAGE_SIZE = RecordPages.PAGE_SIZE;
    /** The most records a table can hold (ids must fit the index's entries). */
    public static final int MAX_RECORDS = (1 << FlowIndex.ID_BITS) - 2;
    private static final long V4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;
    private static final long V4_MAPPED_MASK = 0xFFFF_FFFF_0000_0000L;
    private static final long LOW32 = 0xFFFF_FFFFL;

    private final RecordPages records = new RecordPages();
    private final Ipv6Keys v6 = new Ipv6Keys();
    private final SpillTable spill = new SpillTable();
    private final FlowIndex index;
    private final FlowIndex.Hashes hashes = this::hashOf;

    /**
     * @param initialCapacity connections the index is sized for up front (it grows beyond); a power of two.
     */
    public FlowTable(final int initialCapacity)
    {
        index = new FlowIndex(Math.max(16, initialCapacity * 2));
    }

    /** @return the id high-water mark: ids in use are below it (check {@link #isLive(int)}). */
    public int size()
    {
        return records.size();
    }

    /** @return records currently held (created and not removed). */
    public int liveCount()
    {
        return records.liveCount();
    }

    /** @return how many records fit in the pages allocated so far. */
    public int capacity()
    {
        return records.capacity();
    }

    /**
     * @param id a record id below {@link #size()}.
     * @return true if the id holds a record (it has not been removed).
     */
    public boolean isLive(final int id)
    {
        return (page(id)[base(id) + META] & F_LIVE) != 0;
    }

    /** @return the page holding a record's ints. */
    public int[] page(final int id)
    {
        return records.page(id);
    }

    /** @return the offset of a record's first int in its page. */
    public static int base(final int id)
    {
        return RecordPages.base(id);
    }

    /** @return the spill table of these records' rare values. */
    public SpillTable spill()
    {
        return spill;
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
        final boolean v4 = isV4(srcHi, srcLo) && isV4(dstHi, dstLo);
        // The recent flows first: an indexed record with the key is the current one, whatever else changed since.
        final int hinted = index.hinted(hash);
        if (hinted >= 0)
        {
            final int found = match(hinted, v4, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, vlan);
            if (found != NOT_FOUND)
            {
                return found;
            }
        }
        int slot = index.slotOf(hash);
        int entry;
        while ((entry = index.entryAt(slot)) != 0)
        {
            if (FlowIndex.tagMatches(entry, hash))
            {
                final int id = FlowIndex.idOf(entry);
                final int found = match(id, v4, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, vlan);
                if (found != NOT_FOUND)
                {
                    index.hint(hash, id);
                    return found;
                }
            }
            slot = index.nextSlot(slot);
        }
        return NOT_FOUND;
    }

    /** @return {@code id << 1 | direction} if the record is live, indexed and has the key, else NOT_FOUND. */
    private int match(
        final int id, final boolean v4, final long srcHi, final long srcLo, final int srcPort,
        final long dstHi, final long dstLo, final int dstPort, final int vlan)
    {
        final int[] p = records.page(id);
        final int b = RecordPages.base(id);
        final int ports = p[b + PORTS];
        final int meta = p[b + META];
        if ((meta & (F_LIVE | F_INDEXED)) != (F_LIVE | F_INDEXED) || v4 != ((meta & F_V6) == 0))
        {
            return NOT_FOUND;
        }
        if (ports == (srcPort << 16 | dstPort) && RecordVlans.forward(spill, id, meta) == vlan &&
            keyIs(p, b, meta, srcHi, srcLo, dstHi, dstLo))
        {
            return id << 1;
        }
        if (ports == (dstPort << 16 | srcPort) && RecordVlans.reply(spill, id, meta) == vlan &&
            keyIs(p, b, meta, dstHi, dstLo, srcHi, srcLo))
        {
            return id << 1 | FROM_SERVER;
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
        final boolean v4 = isV4(srcHi, srcLo) && isV4(dstHi, dstLo);
        int slot = index.slotOf(hash);
        int entry;
        while ((entry = index.entryAt(slot)) != 0)
        {
            final int id = FlowIndex.idOf(entry);
            final int[] p = page(id);
            final int b = base(id);
            final int meta = p[b + META];
            if (v4 == ((meta & F_V6) == 0))
            {
                final int ports = p[b + PORTS];
                if (ports == (srcPort << 16 | dstPort) && keyIs(p, b, meta, srcHi, srcLo, dstHi, dstLo))
                {
                    return id << 1;
                }
                if (ports == (dstPort << 16 | srcPort) && keyIs(p, b, meta, dstHi, dstLo, srcHi, srcLo))
                {
                    return id << 1 | FROM_SERVER;
                }
            }
            slot = index.nextSlot(slot);
        }
        return NOT_FOUND;
    }

    /**
     * Records the VLAN one direction of a connection travels on (the asymmetric-VLAN case). Cold.
     *
     * @param id         record id.
     * @param fromServer which direction.
     * @param vlan       its VLAN id.
     */
    public void bindDirectionVlan(final int id, final boolean fromServer, final int vlan)
    {
        final int[] p = page(id);
        final int b = base(id);
        final int meta = p[b + META];
        final int forward = fromServer ? RecordVlans.forward(spill, id, meta) : vlan;
        final int reply = fromServer ? vlan : RecordVlans.reply(spill, id, meta);
        RecordVlans.store(spill, id, p, b, forward, reply);
    }

    /**
     * Creates a record for a connection (client → server) and makes it the current one for its key, replacing any
     * record the key pointed at (port reuse). The record's other ints are zero.
     *
     * @return the new record's id.
     */
    public int insert(
        final int hash, final long cHi, final long cLo, final int cPort,
        final long sHi, final long sLo, final int sPort, final int vlan)
    {
        final int existing = find(hash, cHi, cLo, cPort, sHi, sLo, sPort, vlan);
        final int id = records.allocate(MAX_RECORDS);
        final int[] p = page(id);
        final int b = base(id);
        int meta = F_LIVE | F_INDEXED;
        if (isV4(cHi, cLo) && isV4(sHi, sLo))
        {
            p[b + KEY_CLIENT] = (int)cLo;
            p[b + KEY_SERVER] = (int)sLo;
        }
        else
        {
            meta |= F_V6;
            p[b + KEY_CLIENT] = v6.add(cHi, cLo, sHi, sLo);
        }
        p[b + PORTS] = cPort << 16 | sPort;
        p[b + META] = meta;
        RecordVlans.store(spill, id, p, b, vlan, vlan);
        if (existing != NOT_FOUND)
        {
            final int old = existing >>> 1;
            index.replace(old, id, hash);
            page(old)[base(old) + META] &= ~F_INDEXED;
        }
        else
        {
            if (index.full())
            {
                rebuildIndex(index.length() * 2, id);
            }
            index.add(id, hash);
        }
        index.hint(hash, id);
        return id;
    }

    /**
     * Removes a record (eviction): its id becomes free for reuse, its key leaves the index if it was current.
     *
     * @param id a live record id.
     */
    public void remove(final int id)
    {
        final int[] p = page(id);
        final int b = base(id);
        final int meta = p[b + META];
        if ((meta & F_LIVE) == 0)
        {
            return;
        }
        if ((meta & F_INDEXED) != 0)
        {
            index.remove(id, hashOf(id), hashes);
        }
        if ((meta & F_V6) != 0)
        {
            v6.remove(p[b + KEY_CLIENT]);
        }
        if ((meta & (F_SPILLED | F_VLAN_SPILLED)) != 0)
        {
            spill.removeRecord(id);
        }
        p[b + META] = 0;
        records.release(id);
    }

    /** @return upper 64 bits of the client's address (IPv4 as IPv4-mapped IPv6). */
    public long clientHi(final int id)
    {
        final int[] p = page(id);
        final int b = base(id);
        return (p[b + META] & F_V6) != 0 ? v6.clientHi(p[b + KEY_CLIENT]) : 0;
    }

    /** @return lower 64 bits of the client's address. */
    public long clientLo(final int id)
    {
        final int[] p = page(id);
        final int b = base(id);
        return (p[b + META] & F_V6) != 0 ? v6.clientLo(p[b + KEY_CLIENT]) :
            V4_MAPPED_PREFIX | (p[b + KEY_CLIENT] & LOW32);
    }

    /** @return upper 64 bits of the server's address. */
    public long serverHi(final int id)
    {
        final int[] p = page(id);
        final int b = base(id);
        return (p[b + META] & F_V6) != 0 ? v6.serverHi(p[b + KEY_CLIENT]) : 0;
    }

    /** @return lower 64 bits of the server's address. */
    public long serverLo(final int id)
    {
        final int[] p = page(id);
        final int b = base(id);
        return (p[b + META] & F_V6) != 0 ? v6.serverLo(p[b + KEY_CLIENT]) :
            V4_MAPPED_PREFIX | (p[b + KEY_SERVER] & LOW32);
    }

    /** @return the client's port. */
    public int clientPort(final int id)
    {
        return page(id)[base(id) + PORTS] >>> 16;
    }

    /** @return the server's port. */
    public int serverPort(final int id)
    {
        return page(id)[base(id) + PORTS] & 0xFFFF;
    }

    /** @return the VLAN context of the client → server direction. */
    public int vlan(final int id)
    {
        final int[] p = page(id);
        final int b = base(id);
        return RecordVlans.forward(spill, id, p[b + META]);
    }

    /** @return the VLAN of the server → client direction (the same unless tagged asymmetrically). */
    public int replyVlan(final int id)
    {
        final int[] p = page(id);
        final int b = base(id);
        return RecordVlans.reply(spill, id, p[b + META]);
    }

    private boolean keyIs(
        final int[] p, final int b, final int meta, final long cHi, final long cLo, final long sHi, final long sLo)
    {
        if ((meta & F_V6) == 0)
        {
            return p[b + KEY_CLIENT] == (int)cLo && p[b + KEY_SERVER] == (int)sLo;
        }
        return v6.matches(p[b + KEY_CLIENT], cHi, cLo, sHi, sLo);
    }

    private static boolean isV4(final long hi, final long lo)
    {
        return hi == 0 && (lo & V4_MAPPED_MASK) == V4_MAPPED_PREFIX;
    }

    private int hashOf(final int id)
    {
        return FlowHash.of(clientHi(id), clientLo(id), clientPort(id), serverHi(id), serverLo(id), serverPort(id), 0);
    }

    /** Rebuilds the index at a new length from the records indexed, but for {@code adding} (its caller adds it). */
    private void rebuildIndex(final int newLength, final int adding)
    {
        index.rebuild(newLength);
        // Walk the records in id order, not the old index in slot order: the hash is recomputed from each record's
        // key, and records read in page order stream from memory where records read in slot order are a cache
        // miss each (at 500 k connections the rehashes were a tenth of the tracker's time).
        final int size = size();
        for (int id = 0; id < size; id++)
        {
            final int meta = page(id)[base(id) + META];
            if ((meta & (F_LIVE | F_INDEXED)) == (F_LIVE | F_INDEXED) && id != adding)
            {
                index.add(id, hashOf(id));
            }
        }
    }
}
