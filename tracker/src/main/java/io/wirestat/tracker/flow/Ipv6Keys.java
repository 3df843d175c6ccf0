package io.wirestat.tracker.flow;

import java.util.Arrays;

/**
 * The addresses of IPv6 connections, four longs a key (client hi, lo, server hi, lo), apart from the records so
 * IPv4 records (most of them) do not carry IPv6-sized keys. Handles are reused after removal. Not thread safe.
 */
final class Ipv6Keys
{
    private long[] keys = new long[64 * 4];
    private int size;
    private int[] free = new int[16];
    private int freeCount;

    int add(final long cHi, final long cLo, final long sHi, final long sLo)
    {
        final int handle;
        if (freeCount > 0)
        {
            handle = free[--freeCount];
        }
        else
        {
            handle = size++;
            if (size * 4 > keys.length)
            {
                keys = Arrays.copyOf(keys, keys.length * 2);
            }
        }
        final int k = handle * 4;
        keys[k] = cHi;
        keys[k + 1] = cLo;
        keys[k + 2] = sHi;
        keys[k + 3] = sLo;
        return handle;
    }

    void remove(final int handle)
    {
        if (freeCount == free.length)
        {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = handle;
    }

    boolean matches(final int handle, final long cHi, final long cLo, final long sHi, final long sLo)
    {
        final int k = handle * 4;
        return keys[k + 1] == cLo && keys[k + 3] == sLo && keys[k] == cHi && keys[k + 2] == sHi;
    }

    long clientHi(final int handle)
    {
        return keys[handle * 4];
    }

    long clientLo(final int handle)
    {
        return keys[handle * 4 + 1];
    }

    long serverHi(final int handle)
    {
        return keys[handle * 4 + 2];
    }

    long serverLo(final int handle)
    {
        return keys[handle * 4 + 3];
    }
}
