package io.wirestat.capture.live;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ring of 2 slots and a burst of segments on loopback: the capture thread must not wait for the shard, so segments
 * overflow, and every one of them is counted: frames = tcp segments + skipped, tcp segments = tracked + overflow.
 */
class LiveRingOverflowTest
{
    private static final int BURST = 3_000;

    @Test
    void shouldCountEverySegmentDroppedByAFullRing() throws Exception
    {
        LiveTestSupport.assumeRoot();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")))
        {
            final LiveOptions options = new LiveOptions();
            options.device = "lo";
            options.filter = "tcp port " + server.getLocalPort();
            options.ringSize = 2;
            options.bufferSize = 32 << 20;
            try (LiveTestSupport.Running running = new LiveTestSupport.Running(options);
                 Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                 Socket accepted = server.accept())
            {
                client.setTcpNoDelay(true);
                final OutputStream out = client.getOutputStream();
                final Thread reader = new Thread(() -> drain(accepted));
                reader.start();
                for (int i = 0; i < BURST; i++)
                {
                    out.write(i);
                    out.flush();
                }
                client.close();
                reader.join(5_000);
                accepted.close();
                // Let libpcap hand over the last segments before stopping: on lo the kernel counts each packet twice
                // (outgoing and incoming copy; libpcap drops the outgoing one), so all is read at 2 x frames.
                final long end = System.nanoTime() + 5_000_000_000L;
                LiveStatus seen = running.capture.snapshot(5_000);
                while (seen != null && seen.pcap().received() > 2 * seen.frames() && System.nanoTime() < end)
                {
                    seen = running.capture.snapshot(5_000);
                }
                final LiveStatus last = running.finish();
                assertTrue(last.ringOverflow() > 0, "a 2-slot ring overflows on a burst: " + last.counters());
                assertEquals(last.frames(), last.filteredOut() + last.skipped() + last.tcpSegments(),
                    "every frame accounted for: " + last.counters());
                assertEquals(last.tcpSegments(), last.trackedSegments() + last.ringOverflow(),
                    "every segment tracked or counted as overflow: " + last.counters());
                assertEquals(0, last.pcap().dropped(), "the kernel buffer was big enough: drops are ours");
                // Loopback coalesces small writes: fewer segments than writes, but far more than the ring holds.
                assertTrue(last.tcpSegments() > 20L * options.ringSize, "the burst was captured: " + last.counters());
            }
        }
    }

    private static void drain(final Socket socket)
    {
        try
        {
            final byte[] buffer = new byte[4096];
            while (socket.getInputStream().read(buffer) >= 0)
            {
                // discard
            }
        }
        catch (final java.io.IOException ignored)
        {
            // closed: done
        }
    }
}
