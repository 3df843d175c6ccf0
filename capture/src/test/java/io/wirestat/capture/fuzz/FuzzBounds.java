package io.wirestat.capture.fuzz;

import java.lang.management.ManagementFactory;

/**
 * What every fuzz target of this module checks besides its own properties: heap allocated by the code under test
 * stays within a bound proportional to the input. Measured with the JVM's per-thread allocation counter, so it
 * sees every allocation on the calling thread, short-lived ones included. Test support only; thread safe.
 */
public final class FuzzBounds
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private FuzzBounds()
    {
    }

    /** @return bytes allocated so far by the calling thread. */
    public static long allocatedBytes()
    {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Fails when an allocation exceeds its bound.
     *
     * @param what        what was measured, for the message.
     * @param allocated   bytes allocated.
     * @param inputLength bytes of fuzz input.
     * @param fixed       bytes allowed whatever the input (buffers of a fixed size).
     * @param perByte     bytes allowed per input byte.
     */
    public static void assertAllocationWithin(
        final String what, final long allocated, final long inputLength, final long fixed, final long perByte)
    {
        final long bound = fixed + perByte * inputLength;
        if (allocated > bound)
        {
            throw new AssertionError(what + " allocated " + allocated + " bytes for an input of " + inputLength +
                " bytes (bound: " + fixed + " + " + perByte + " per input byte = " + bound + ")");
        }
    }
}
