package io.wirestat.tracker.flow;

/**
 * Direction-independent hash of a connection's key: both directions of one connection hash alike, so they land
 * in the same shard and the same flow-table bucket. Stateless and allocation free.
 */
public final class FlowHash
{
    private FlowHash()
    {
    }

    /**
     * @return a hash equal for (a, b) and (b, a).
     */
    public static int of(
        final long aHi, final long aLo, final int aPort,
        final long bHi, final long bLo, final int bPort,
        final int vlan)
    {
        // XOR of per-endpoint mixes is symmetric; each endpoint is mixed first so that swapping only ports or
        // only addresses between the endpoints does not collide.
        final long h = endpoint(aHi, aLo, aPort) ^ endpoint(bHi, bLo, bPort);
        return (int)mix(h + vlan * 0x9E3779B97F4A7C15L);
    }

    private static long endpoint(final long hi, final long lo, final int port)
    {
        return mix(hi * 0xC2B2AE3D27D4EB4FL ^ mix(lo ^ ((long)port << 48 | port)));
    }

    /** SplitMix64's finaliser: a good avalanche for the price of two multiplies. */
    public static long mix(final long v)
    {
        long z = v;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
