package io.wirestat.tracker.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wirestat.tracker.flow.FlowHash;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link FrameDecoder} over every link type it accepts (Ethernet with any stack of VLAN/QinQ tags, MPLS,
 * PPPoE, Linux cooked v1/v2, BSD NULL and LOOP, the raw-IP types) and one it does not, down through IPv4 options
 * and fragments, IPv6 extension headers and TCP options.
 * <p>
 * Input layout: byte 0 picks the link type ({@link #LINK_TYPES}, modulo), byte 1 is added to the captured length
 * to make the wire length (255: one less than captured, a writer's bug the decoder must absorb), the rest is the
 * captured frame.
 * <p>
 * Properties: no exception; the result is a {@link SkipReason} and its counter moved by one; the decoder reads
 * nothing past the buffer's limit (the frame is decoded at the end of an exactly sized buffer and again at an
 * offset in a larger buffer with noise after its limit: same outcome); on {@link SkipReason#OK} every field is in
 * its documented range and the flow hash is the direction-independent one; a second decode gives the same fields;
 * and decoding allocates nothing (the hot path's promise).
 */
class FrameDecoderFuzzTest
{
    static final int[] LINK_TYPES = {
        LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL, LinkType.LOOP, LinkType.RAW,
        LinkType.RAW_12, LinkType.RAW_14, LinkType.IPV4, LinkType.IPV6, 105 /* IEEE 802.11: not accepted */,
    };
    private static final int HEADER = 2;
    private static final int WIRE_SHORTER = 255;
    private static final int NOISE_OFFSET = 13;
    /** Jazzer fuzzes when JAZZER_FUZZ is set to anything non-empty; otherwise it replays the inputs directory. */
    private static final boolean FUZZING = !System.getenv().getOrDefault("JAZZER_FUZZ", "").isEmpty();
    private static final long INSTRUMENTATION_ALLOWANCE = 4096;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final FrameDecoder decoder = new FrameDecoder();
    private final TcpSegment first = new TcpSegment();
    private final TcpSegment second = new TcpSegment();
    private final TcpSegment noisy = new TcpSegment();

    @FuzzTest(maxDuration = "20s")
    void decodesAnyFrame(final byte[] input)
    {
        if (input.length < HEADER)
        {
            return;
        }
        final int linkType = LINK_TYPES[(input[0] & 0xFF) % LINK_TYPES.length];
        final int extra = input[1] & 0xFF;
        final int capturedLength = input.length - HEADER;
        final int wireLength = extra == WIRE_SHORTER ? capturedLength - 1 : capturedLength + extra;

        // Exactly sized: any read past the frame's end throws IndexOutOfBoundsException.
        final ByteBuffer exact = ByteBuffer.wrap(input);
        final long before = total();
        final int reason = decoder.decode(exact, HEADER, capturedLength, wireLength, linkType, first);
        assertTrue(reason >= 0 && reason < SkipReason.COUNT, "reason " + reason);
        assertEquals(before + 1, total(), "one counter moves per frame");
        assertTrue(decoder.count(reason) >= 1, "the returned reason's counter did not move");

        // The same frame at an offset, with noise after its limit: the noise must not be read.
        final byte[] larger = new byte[NOISE_OFFSET + capturedLength + 64];
        Arrays.fill(larger, (byte)0x5A);
        System.arraycopy(input, HEADER, larger, NOISE_OFFSET, capturedLength);
        final ByteBuffer withNoise = ByteBuffer.wrap(larger).limit(NOISE_OFFSET + capturedLength);
        assertEquals(reason, decoder.decode(withNoise, NOISE_OFFSET, capturedLength, wireLength, linkType, noisy),
            "outcome depends on bytes past the frame");

        final long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        final int again = decoder.decode(exact, HEADER, capturedLength, wireLength, linkType, second);
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertEquals(reason, again, "second decode differs");
        // Jazzer's instrumentation allocates a little of its own while fuzzing; plain runs must see none at all.
        assertTrue(allocated <= (FUZZING ? INSTRUMENTATION_ALLOWANCE : 0), "decode allocated " + allocated + " bytes");

        if (reason == SkipReason.OK)
        {
            checkRanges(first, Math.max(capturedLength, wireLength));
            assertSameFields(first, second);
            assertSameFields(first, noisy);
        }
    }

    private long total()
    {
        long sum = 0;
        for (int r = 0; r < SkipReason.COUNT; r++)
        {
            sum += decoder.count(r);
        }
        return sum;
    }

    private static void checkRanges(final TcpSegment s, final int wire)
    {
        assertTrue(s.ipVersion == 4 || s.ipVersion == 6, "ipVersion " + s.ipVersion);
        if (s.ipVersion == 4)
        {
            assertEquals(0, s.srcHi, "IPv4 address in the high word");
            assertEquals(0, s.dstHi, "IPv4 address in the high word");
        }
        assertTrue(s.srcPort >= 0 && s.srcPort <= 0xFFFF, "srcPort " + s.srcPort);
        assertTrue(s.dstPort >= 0 && s.dstPort <= 0xFFFF, "dstPort " + s.dstPort);
        assertTrue(s.flags >= 0 && s.flags <= 0xFF, "flags " + s.flags);
        assertTrue(s.window >= 0 && s.window <= 0xFFFF, "window " + s.window);
        assertTrue(s.windowScale >= -1 && s.windowScale <= 14, "windowScale " + s.windowScale);
        assertTrue(s.mss >= -1 && s.mss <= 0xFFFF, "mss " + s.mss);
        assertTrue(s.vlan >= 0 && s.vlan < (1 << 24), "vlan " + s.vlan);
        assertTrue(s.payloadLength >= 0, "payloadLength " + s.payloadLength);
        assertTrue(s.ipLength >= s.payloadLength + 20, "ipLength " + s.ipLength + " < payload " +
            s.payloadLength + " + headers");
        assertTrue(s.ipLength <= Math.max(wire, 0xFFFF + 40), "ipLength " + s.ipLength + " > wire " + wire);
        if ((s.flags & TcpSegment.SYN) == 0)
        {
            assertEquals(-1, s.mss);
            assertEquals(-1, s.windowScale);
            assertEquals(0, s.options);
        }
        assertEquals(FlowHash.of(s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort, 0), s.flowHash);
        assertEquals(s.flowHash, FlowHash.of(s.dstHi, s.dstLo, s.dstPort, s.srcHi, s.srcLo, s.srcPort, 0),
            "flow hash depends on direction");
    }

    private static void assertSameFields(final TcpSegment a, final TcpSegment b)
    {
        final String left = describe(a);
        assertEquals(left, describe(b));
    }

    private static String describe(final TcpSegment s)
    {
        return s.srcHi + "," + s.srcLo + ":" + s.srcPort + ">" + s.dstHi + "," + s.dstLo + ":" + s.dstPort +
            " v" + s.vlan + " ip" + s.ipVersion + " seq " + s.seq + " ack " + s.ack + " fl " + s.flags + " win " +
            s.window + " ws " + s.windowScale + " mss " + s.mss + " opt " + s.options + " pay " + s.payloadLength +
            " ipl " + s.ipLength + " h " + s.flowHash;
    }
}
