package io.wirestat.capture.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A veth pair whose far end is in a network namespace this test made (198.18.88.0/24): the near end, in our
 * namespace, is where wirestat captures. Frames are sent out of the near end with libpcap ({@code pcap_sendpacket}),
 * so the capture sees exactly the frames a test crafted, addressed to the far end's MAC-less void (a dst MAC no one
 * has), which the far kernel drops: nothing is answered, nothing leaves the pair. Everything is removed on close.
 */
final class VethPair implements AutoCloseable
{
    final String netns;
    final String near;
    final String far;
    private LiveHandle sender;

    VethPair(final String suffix) throws IOException, InterruptedException
    {
        final String tag = (ProcessHandle.current().pid() % 10_000) + suffix;
        netns = "wsf-" + tag;
        near = "wsfa" + tag;
        far = "wsfb" + tag;
        run(false, "ip", "link", "del", near);
        run(false, "ip", "netns", "del", netns);
        run(true, "ip", "netns", "add", netns);
        create();
    }

    /** (Re)creates the pair: used again after the test deleted it. */
    void create() throws IOException, InterruptedException
    {
        run(true, "ip", "link", "add", near, "type", "veth", "peer", "name", far);
        run(true, "ip", "link", "set", far, "netns", netns);
        run(true, "sysctl", "-q", "-w", "net.ipv6.conf." + near + ".disable_ipv6=1");
        run(true, "ip", "addr", "add", "198.18.88.1/24", "dev", near);
        run(true, "ip", "link", "set", near, "up");
        run(true, "ip", "netns", "exec", netns, "ip", "addr", "add", "198.18.88.2/24", "dev", far);
        run(true, "ip", "netns", "exec", netns, "ip", "link", "set", far, "up");
        sender = null;
    }

    /** Deletes the pair (both ends), as an operator's {@code ip link del} would. */
    void delete() throws IOException, InterruptedException
    {
        if (sender != null)
        {
            sender.close();
            sender = null;
        }
        run(true, "ip", "link", "del", near);
    }

    /**
     * Sends {@code count} TCP SYNs out of the near end, each from its own source (10.x.y.z:port), to
     * 198.18.88.2:{@code port}: a SYN flood of distinct connections.
     *
     * @param first index of the first (sources differ by index).
     * @param count SYNs to send.
     * @param port  destination port.
     */
    void sendSyns(final int first, final int count, final int port) throws LiveCaptureException
    {
        final LiveHandle out = sender();
        final byte[] frame = synFrame(port);
        for (int i = first; i < first + count; i++)
        {
            frame[26] = 10;
            frame[27] = (byte)(i >>> 16);
            frame[28] = (byte)(i >>> 8);
            frame[29] = (byte)i;
            frame[34] = (byte)(1024 + (i & 0x3FFF) >>> 8);
            frame[35] = (byte)(1024 + (i & 0x3FFF));
            if (!out.send(frame, frame.length))
            {
                throw new IllegalStateException("pcap_sendpacket failed: " + out.error());
            }
        }
    }

    private LiveHandle sender() throws LiveCaptureException
    {
        if (sender == null)
        {
            final LiveOptions options = new LiveOptions();
            options.device = near;
            options.bufferSize = 1 << 20;
            sender = LiveHandle.open(options);
        }
        return sender;
    }

    /** Ethernet + IPv4 + TCP SYN, checksums left 0 (nobody validates them: the far end drops the frame by MAC). */
    private static byte[] synFrame(final int port)
    {
        final byte[] f = new byte[14 + 20 + 20];
        final byte[] dst = {0x02, 0, 0, 0, 0x00, 0x58};
        final byte[] src = {0x02, 0, 0, 0, 0x00, 0x57};
        System.arraycopy(dst, 0, f, 0, 6);
        System.arraycopy(src, 0, f, 6, 6);
        f[12] = 0x08;
        f[14] = 0x45;
        f[17] = 40;
        f[22] = 64;
        f[23] = 6;
        f[30] = (byte)198;
        f[31] = 18;
        f[32] = 88;
        f[33] = 2;
        f[36] = (byte)(port >>> 8);
        f[37] = (byte)port;
        f[38] = 0x11;
        f[46] = 0x50;
        f[47] = 0x02;
        f[48] = (byte)0xFA;
        return f;
    }

    @Override
    public void close() throws IOException, InterruptedException
    {
        if (sender != null)
        {
            sender.close();
        }
        run(false, "ip", "link", "del", near);
        run(false, "ip", "netns", "del", netns);
    }

    static boolean run(final boolean required, final String... command) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final boolean ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (required && !ok)
        {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return ok;
    }
}
