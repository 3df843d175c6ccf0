package io.wirestat.tracker.state;

/**
 * 32-bit sequence-number arithmetic (RFC 1982 serial numbers, RFC 9293 §3.4): compare by the sign of the
 * difference, never by widening to long. Stateless.
 */
public final class SeqNum
{
    private SeqNum()
    {
    }

    /** @return true if {@code a} comes strictly before {@code b} in sequence space. */
    public static boolean before(final int a, final int b)
    {
        return a - b < 0;
    }

    /** @return true if {@code a} comes strictly after {@code b} in sequence space. */
    public static boolean after(final int a, final int b)
    {
        return a - b > 0;
    }

    /** @return true if {@code a} is at or after {@code b}. */
    public static boolean atOrAfter(final int a, final int b)
    {
        return a - b >= 0;
    }

    /**
     * @param seq   sequence number to test.
     * @param start first sequence number of the window.
     * @param size  window size in bytes (0 .. 2^31).
     * @return true if {@code start <= seq < start + size} in sequence space.
     */
    public static boolean inWindow(final int seq, final int start, final long size)
    {
        return Integer.toUnsignedLong(seq - start) < size;
    }
}
