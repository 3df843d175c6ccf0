package io.wirestat.capture.live;

import org.pcap4j.core.PcapNetworkInterface;

import java.io.PrintWriter;
import java.util.List;

/**
 * Lists the interfaces libpcap can capture on, numbered as {@code tcpdump -D} numbers them:
 * {@code 1.eth0 [Up, Running]}. Cold path. Stateless; thread safe.
 */
public final class LiveInterfaces
{
    private LiveInterfaces()
    {
    }

    /**
     * @param out where to list.
     * @throws LiveCaptureException if libpcap is missing or cannot list.
     */
    public static void list(final PrintWriter out) throws LiveCaptureException
    {
        final List<PcapNetworkInterface> all = LiveCapture.interfaces();
        for (int i = 0; i < all.size(); i++)
        {
            out.println(describe(i + 1, all.get(i)));
        }
        out.flush();
    }

    static String describe(final int number, final PcapNetworkInterface nif)
    {
        final StringBuilder sb = new StringBuilder().append(number).append('.').append(nif.getName());
        if (nif.getDescription() != null)
        {
            sb.append(" (").append(nif.getDescription()).append(')');
        }
        sb.append(" [");
        if (nif.isUp())
        {
            sb.append("Up");
        }
        if (nif.isRunning())
        {
            sb.append(nif.isUp() ? ", " : "").append("Running");
        }
        if (nif.isLoopBack())
        {
            sb.append(nif.isUp() || nif.isRunning() ? ", " : "").append("Loopback");
        }
        return sb.append(']').toString().replace(" []", "");
    }
}
