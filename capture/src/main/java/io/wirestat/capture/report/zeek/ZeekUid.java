package io.wirestat.capture.report.zeek;

import io.wirestat.tracker.report.ConnectionRecord;

/**
 * Deterministic, Zeek-looking connection uids: {@code C} followed by the base62 text of a 96-bit hash of the
 * connection's 4-tuple, VLAN and first-seen time, spelled the way Zeek spells its (random) 96-bit uids. The same
 * capture therefore always gives the same uids, and two records on one 4-tuple (port reuse) get different ones.
 * They are not Zeek's uids (Zeek draws them at random, or from a seed in its test suite).
 * <p>
 * Cold path; stateless and thread safe.
 */
public final class ZeekUid
{
    private static final char[] BASE62 =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private ZeekUid()
    {
    }

    /**
     * @param record a connection.
     * @return its uid, e.g. {@code CHhAvVGS1DHFjwGM9}.
     */
    public static String of(final ConnectionRecord record)
    {
        long h = 0x9E3779B97F4A7C15L;
        h = mix(h ^ record.client().hi());
        h = mix(h ^ record.client().lo());
        h = mix(h ^ record.client().port());
        h = mix(h ^ record.server().hi());
        h = mix(h ^ record.server().lo());
        h = mix(h ^ record.server().port());
        h = mix(h ^ record.vlan());
        final long first = mix(h ^ record.firstSeenNanos());
        final long second = mix(first ^ 0xD6E8FEB86659FD93L) & 0xFFFF_FFFFL;
        final StringBuilder sb = new StringBuilder(18).append('C');
        appendBase62(sb, first);
        appendBase62(sb, second);
        return sb.toString();
    }

    /** Zeek writes each 64-bit word of the uid in base62, least significant digit first ({@code uitoa_n}). */
    private static void appendBase62(final StringBuilder sb, final long value)
    {
        long v = value;
        do
        {
            sb.append(BASE62[(int)Long.remainderUnsigned(v, 62)]);
            v = Long.divideUnsigned(v, 62);
        }
        while (v != 0);
    }

    /** SplitMix64's finaliser: every input bit affects every output bit. */
    private static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
