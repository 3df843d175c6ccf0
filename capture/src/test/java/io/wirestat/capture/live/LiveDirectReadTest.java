package io.wirestat.capture.live;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link PcapPacketReader} on loopback with UDP datagrams this test sends: the bytes, lengths and timestamps it
 * reports are the packets', and reading allocates nothing per packet (measured with
 * {@code ThreadMXBean.getCurrentThreadAllocatedBytes} around 100 000 packets after a warm-up).
 */
class LiveDirectReadTest
{
    private static final int WARM_UP = 50_000;
    private static final int MEASURED = 100_000;
    private static final int PAYLOAD = 32;
    /** Ethernet (lo is DLT_EN10MB) + IPv4 + UDP headers. */
    private static final int HEADERS = 14 + 20 + 8;
    /** Slack for one-off allocations unrelated to packets (none expected); far below one byte per packet. */
    private static final long SLACK_BYTES = 16 * 1024;

    @Test
    void shouldReadPacketsInPlaceWithoutAllocating() throws Exception
    {
        LiveTestSupport.assumeRoot();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported(), "JVM cannot count allocated bytes per thread");
        threads.setThreadAllocatedMemoryEnabled(true);
        PcapLibrary.configure();
        try (DatagramChannel receiver = DatagramChannel.open();
             DatagramChannel sender = DatagramChannel.open())
        {
            final InetAddress loopback = InetAddress.getByName("127.0.0.1");
            receiver.bind(new InetSocketAddress(loopback, 0));
            final InetSocketAddress target = (InetSocketAddress)receiver.getLocalAddress();
            final LiveOptions options = new LiveOptions();
            options.device = "lo";
            options.promiscuous = false;
            options.bufferSize = 8 << 20;
            options.filter = "udp and dst port " + target.getPort();
            final LiveHandle handle = LiveHandle.open(options);
            final AtomicBoolean sending = new AtomicBoolean(true);
            final Thread traffic = new Thread(() -> send(sender, target, sending), "udp-sender");
            try
            {
                final PcapPacketReader reader = PcapPacketReader.of(handle.pointer());
                final byte[] buffer = new byte[128];
                final long before = LiveCapture.wallClockNanos();
                traffic.start();

                final long[] warm = read(reader, buffer, WARM_UP);
                final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                final long[] measured = read(reader, buffer, MEASURED);
                final long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
                final long after = LiveCapture.wallClockNanos();

                assertEquals(0, warm[0] + measured[0], "packets with wrong lengths or payload");
                assertTrue(warm[1] >= before - 1_000_000_000L && measured[2] <= after + 1_000_000_000L,
                    "timestamps outside the test's run: " + warm[1] + ".." + measured[2]);
                System.out.printf("PcapPacketReader: %d bytes allocated over %d packets (%.4f per packet)%n",
                    allocated, MEASURED, (double)allocated / MEASURED);
                assertTrue(allocated < SLACK_BYTES,
                    allocated + " bytes allocated reading " + MEASURED + " packets");
            }
            finally
            {
                sending.set(false);
                traffic.join();
                handle.close();
            }
        }
    }

    /**
     * Reads {@code count} packets, checking each one's lengths and payload marker without allocating.
     *
     * @return {bad packets, first timestamp, last timestamp}.
     */
    private static long[] read(final PcapPacketReader reader, final byte[] buffer, final int count)
    {
        long bad = 0;
        long first = 0;
        long last = 0;
        int n = 0;
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (n < count)
        {
            final int rc = reader.next();
            if (rc == PcapPacketReader.NONE)
            {
                if (System.nanoTime() - deadline >= 0)
                {
                    fail("only " + n + " packets in 60 s");
                }
                LockSupport.parkNanos(100_000L);
                continue;
            }
            assertEquals(PcapPacketReader.PACKET, rc, "pcap_next_ex");
            final int captured = reader.copyTo(buffer);
            if (captured != HEADERS + PAYLOAD || reader.wireLength() != HEADERS + PAYLOAD
                || buffer[HEADERS] != (byte)0x57 || buffer[HEADERS + PAYLOAD - 1] != (byte)0x53)
            {
                bad++;
            }
            if (n == 0)
            {
                first = reader.epochNanos();
            }
            last = reader.epochNanos();
            n++;
        }
        return new long[] {bad, first, last};
    }

    private static void send(final DatagramChannel sender, final InetSocketAddress target, final AtomicBoolean sending)
    {
        final ByteBuffer datagram = ByteBuffer.allocate(PAYLOAD).order(ByteOrder.BIG_ENDIAN);
        try
        {
            long sequence = 0;
            while (sending.get())
            {
                datagram.clear();
                datagram.put(0, (byte)0x57).putLong(8, sequence++).put(PAYLOAD - 1, (byte)0x53);
                sender.send(datagram, target);
                if ((sequence & 63) == 0)
                {
                    // Let the reader keep up on a shared 2-core machine: drops are harmless, but pointless.
                    Thread.yield();
                }
            }
        }
        catch (final java.io.IOException ex)
        {
            // The test fails on its own (too few packets would hang it, so the sender only ends when told to).
            throw new IllegalStateException(ex);
        }
    }
}
