package io.wirestat.tracker.flow;

import static io.wirestat.tracker.flow.ConnectionLayout.F_VLAN_SPILLED;
import static io.wirestat.tracker.flow.ConnectionLayout.META;
import static io.wirestat.tracker.flow.ConnectionLayout.S_REPLY_VLAN;
import static io.wirestat.tracker.flow.ConnectionLayout.S_VLAN;
import static io.wirestat.tracker.flow.ConnectionLayout.VLAN_MASK;

/**
 * A record's VLAN context, per direction: in the META word's 12 bits when both directions carry the same
 * single-tag id (nearly always), else both ids in the spill table (QinQ, or a network that tags the two directions
 * differently) with {@link ConnectionLayout#F_VLAN_SPILLED} set.
 */
final class RecordVlans
{
    private RecordVlans()
    {
    }

    /** @return the VLAN context of the client → server direction. */
    static int forward(final SpillTable spill, final int id, final int meta)
    {
        return (meta & F_VLAN_SPILLED) == 0 ? meta & VLAN_MASK : (int)spill.get(SpillTable.key(id, S_VLAN));
    }

    /** @return the VLAN context of the server → client direction. */
    static int reply(final SpillTable spill, final int id, final int meta)
    {
        return (meta & F_VLAN_SPILLED) == 0 ? meta & VLAN_MASK : (int)spill.get(SpillTable.key(id, S_REPLY_VLAN));
    }

    /** Stores both directions' VLAN ids in the record at {@code p[b]}, or in the spill table when they do not fit. */
    static void store(
        final SpillTable spill, final int id, final int[] p, final int b, final int forward, final int reply)
    {
        final int meta = p[b + META] & ~VLAN_MASK;
        if (forward == reply && (forward & ~VLAN_MASK) == 0)
        {
            p[b + META] = (meta & ~F_VLAN_SPILLED) | forward;
            if ((meta & F_VLAN_SPILLED) != 0)
            {
                spill.remove(SpillTable.key(id, S_VLAN));
                spill.remove(SpillTable.key(id, S_REPLY_VLAN));
            }
        }
        else
        {
            p[b + META] = meta | F_VLAN_SPILLED;
            spill.put(SpillTable.key(id, S_VLAN), forward);
            spill.put(SpillTable.key(id, S_REPLY_VLAN), reply);
        }
    }
}
