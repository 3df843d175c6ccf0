package io.wirestat.capture.live;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the interfaces libpcap can capture on ({@code pcap_findalldevs}), numbered as {@code tcpdump -D} numbers
 * them: {@code 1.eth0 [Up, Running]}. Cold path. Stateless; thread safe.
 */
public final class LiveInterfaces
{
    /** Offsets in {@code struct pcap_if { next; name; description; addresses; bpf_u_int32 flags; }}. */
    private static final int NEXT = 0;
    private static final int NAME = Native.POINTER_SIZE;
    private static final int DESCRIPTION = 2 * Native.POINTER_SIZE;
    private static final int FLAGS = 4 * Native.POINTER_SIZE;

    /**
     * An interface as libpcap lists it.
     *
     * @param name        the name to capture on ({@code -i}).
     * @param description libpcap's description, or null.
     * @param flags       {@code PCAP_IF_*} flags.
     */
    record Interface(String name, String description, int flags)
    {
        boolean up()
        {
            return (flags & Libpcap.IF_UP) != 0;
        }

        boolean running()
        {
            return (flags & Libpcap.IF_RUNNING) != 0;
        }

        boolean loopback()
        {
            return (flags & Libpcap.IF_LOOPBACK) != 0;
        }
    }

    private LiveInterfaces()
    {
    }

    /**
     * @param out where to list.
     * @throws LiveCaptureException if libpcap is missing or cannot list.
     */
    public static void list(final PrintWriter out) throws LiveCaptureException
    {
        final List<Interface> all = all();
        for (int i = 0; i < all.size(); i++)
        {
            out.println(describe(i + 1, all.get(i)));
        }
        out.flush();
    }

    /**
     * @return every interface libpcap can capture on, in its order.
     * @throws LiveCaptureException if libpcap is missing or cannot list.
     */
    static List<Interface> all() throws LiveCaptureException
    {
        Libpcap.load();
        final Memory head = new Memory(Native.POINTER_SIZE);
        final byte[] errbuf = new byte[Libpcap.ERRBUF_SIZE];
        if (Libpcap.pcap_findalldevs(head, errbuf) != 0)
        {
            throw new LiveCaptureException(LiveCaptureException.Kind.OTHER,
                "cannot list interfaces: " + Libpcap.message(errbuf), null);
        }
        final Pointer first = head.getPointer(0);
        final List<Interface> all = new ArrayList<>();
        try
        {
            for (Pointer p = first; p != null; p = p.getPointer(NEXT))
            {
                final Pointer name = p.getPointer(NAME);
                final Pointer description = p.getPointer(DESCRIPTION);
                all.add(new Interface(name == null ? "?" : name.getString(0),
                    description == null ? null : description.getString(0), p.getInt(FLAGS)));
            }
        }
        finally
        {
            if (first != null)
            {
                Libpcap.pcap_freealldevs(first);
            }
        }
        return all;
    }

    /**
     * @param name an interface name.
     * @return whether libpcap lists it.
     * @throws LiveCaptureException if libpcap cannot list.
     */
    static boolean exists(final String name) throws LiveCaptureException
    {
        for (final Interface nif : all())
        {
            if (nif.name().equals(name))
            {
                return true;
            }
        }
        return false;
    }

    /** @return ". Interfaces (wirestat live -D):" and the list, for error messages; empty if it cannot be listed. */
    static String listing()
    {
        try
        {
            final StringBuilder sb = new StringBuilder(". Interfaces (wirestat live -D):");
            int n = 1;
            for (final Interface nif : all())
            {
                sb.append(System.lineSeparator()).append(describe(n++, nif));
            }
            return sb.toString();
        }
        catch (final LiveCaptureException ex)
        {
            return "";
        }
    }

    static String describe(final int number, final Interface nif)
    {
        final StringBuilder sb = new StringBuilder().append(number).append('.').append(nif.name());
        if (nif.description() != null)
        {
            sb.append(" (").append(nif.description()).append(')');
        }
        sb.append(" [");
        if (nif.up())
        {
            sb.append("Up");
        }
        if (nif.running())
        {
            sb.append(nif.up() ? ", " : "").append("Running");
        }
        if (nif.loopback())
        {
            sb.append(nif.up() || nif.running() ? ", " : "").append("Loopback");
        }
        return sb.append(']').toString().replace(" []", "");
    }
}
