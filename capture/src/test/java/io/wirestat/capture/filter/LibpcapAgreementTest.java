package io.wirestat.capture.filter;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every frame's verdict from our interpreter equals libpcap's {@code pcap_offline_filter} verdict for the same bytes
 * and header, over corpus captures of many link types. libpcap reads the files; our side gets the frame copied
 * into a heap buffer at a non-zero offset and the file's LINKTYPE_* value, as the pipeline will.
 */
class LibpcapAgreementTest
{
    /** Captures of various link types and oddities; all of them are read for every expression. */
    static final String[] CAPTURES = {
        "tcpdump/tests/ssh.pcap",                                          // Ethernet
        "tcpreplay/test/test.pcap",                                        // Ethernet, IPv4+IPv6, TCP+UDP
        "tcpreplay/test/test.rewrite_mtutrunc",                            // caplen < len
        "tcpreplay/test/test.rewrite_vlan802.1ad",                         // 802.1ad S-tag
        "tcpreplay/test/test.rewrite_dlthdlc",                             // Cisco HDLC
        "tcpreplay/test/test_fragroute.pcap",                              // IP fragments
        "tcptrace/input/ipfrags.dmp.gz",                                   // IP fragments
        "zeek/testing/btest/Traces/mixed-vlan-mpls.pcap",                  // 802.1Q + MPLS
        "zeek/testing/btest/Traces/http-qinq-0.pcap",                      // QinQ
        "zeek/testing/btest/Traces/vlan-collisions.pcap",                  // VLAN
        "suricata-verify/tests/bug-814/input.pcap",                        // IPv6 + VLAN
        "tcpdump/tests/resp_1_benchmark.pcap",                             // Linux SLL
        "tcptrace/input/linux_cooked_socket.dmp.gz",                       // Linux SLL
        "zeek/testing/btest/Traces/tls/openjdk-25.0.2-zeek.org.pcap",      // Linux SLL2
        "suricata-verify/tests/decode-sll2-01/input.pcap",                 // Linux SLL2
        "zeek/testing/btest/Traces/http/connect-with-header.pcap",         // NULL, IPv6
        "tcptrace/input/dlt_null.dmp.gz",                                  // NULL, truncated
        "tcptrace/input/rawip.dmp.gz",                                     // LINKTYPE_RAW 101
        "zeek/testing/btest/Traces/tcp/payload-syn.pcap",                  // LINKTYPE_RAW 101
        "zeek/testing/btest/Traces/tcp-syslog.pcap",                       // LINKTYPE_IPV4 228
        "tcptrace/input/single_byte_rexmit.dmp.gz",                        // FDDI
        "zeek/testing/btest/Traces/irc-dcc-send.pcapng",                   // pcapng
    };

    private static final int OFFSET = 7;

    @TempDir
    static Path scratch;

    @ParameterizedTest
    @ValueSource(strings = {
        "tcp",
        "port 80",
        "tcp port 22",
        "host 192.168.1.1",
        "net 10.0.0.0/8",
        "ip6",
        "vlan",
        "vlan and tcp",
        "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0",
        "len > 100",
        "greater 200",
        "ether broadcast",
        "not tcp",
        "ip and tcp and not port 22",
        "ip[6:2] & 0x1fff != 0",
        "ip6 protochain 6",
        "tcp and tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420",
    })
    void shouldGiveLibpcapsVerdictOnEveryFrame(final String expression) throws IOException
    {
        // One filter across all files: its per-link-type cache is exercised as a pcapng reader would.
        final PacketFilter filter = PacketFilter.compile(expression);
        final ByteBuffer buffer = ByteBuffer.allocate(OFFSET + LibPcap.SNAPLEN);
        final byte[] frame = new byte[LibPcap.SNAPLEN];
        final List<String> mismatches = new ArrayList<>();
        final StringBuilder summary = new StringBuilder(expression).append(':');
        long frames = 0;
        long accepted = 0;
        for (final String capture : CAPTURES)
        {
            try (OfflineCapture file = new OfflineCapture(TestCorpus.readable(capture, scratch)))
            {
                LibpcapReferenceFilter reference = null;
                try
                {
                    reference = new LibpcapReferenceFilter(expression, file.dlt());
                }
                catch (final FilterException ex)
                {
                    summary.append(String.format("%n  %s: not compilable (%s)", capture, ex.libpcapMessage()));
                }
                long fileFrames = 0;
                long fileAccepted = 0;
                while (file.next())
                {
                    final int capturedLength = file.capturedLength();
                    final int wireLength = file.wireLength();
                    file.data().read(0, frame, 0, capturedLength);
                    buffer.put(OFFSET, frame, 0, capturedLength);
                    final boolean ours = filter.accept(buffer, OFFSET, capturedLength, wireLength, file.linkType());
                    final boolean libpcap = reference != null && reference.filter(file.header(), file.data()) != 0;
                    if (ours != libpcap && mismatches.size() < 10)
                    {
                        mismatches.add(capture + " frame " + (fileFrames + 1) + ": ours " + ours + ", libpcap " +
                            libpcap + ", caplen " + capturedLength + ", len " + wireLength + ", bytes " +
                            OfflineCapture.describe(frame, capturedLength));
                    }
                    fileFrames++;
                    fileAccepted += ours ? 1 : 0;
                }
                if (reference != null)
                {
                    reference.close();
                    summary.append(String.format("%n  %s: %d/%d", capture, fileAccepted, fileFrames));
                }
                else if (fileFrames > 0)
                {
                    final int linkType = file.linkType();
                    assertTrue(filter.linkTypeErrors().stream().anyMatch(ex -> ex.linkType() == linkType),
                        capture + ": the link type libpcap refused should be reported");
                }
                frames += fileFrames;
                accepted += fileAccepted;
            }
        }
        System.out.println(summary);
        assertEquals(List.of(), mismatches, expression);
        assertTrue(frames > 2500, "frames read: " + frames);
        assertTrue(accepted > 0 && accepted < frames,
            "'" + expression + "' should split the corpus, accepted " + accepted + " of " + frames);
    }
}
