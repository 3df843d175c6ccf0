package io.wirestat.capture.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapngFileTest
{
    private static final long SECONDS = 1_700_000_000L;
    private static final long NANOS = 1_000_000_000L;

    @TempDir
    Path dir;

    /**
     * Two sections of opposite byte order. The first has three interfaces with different link types, snaplens and
     * timestamp resolutions (default microseconds; nanoseconds plus an offset; 2^-20 s), frames in EPB, SPB and the
     * obsolete PB, and blocks to skip (NRB, ISB, custom, unknown). The second restarts interface numbering.
     */
    static byte[] sample(final ByteOrder first)
    {
        final ByteOrder second = first == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        return new CaptureBytes(first)
            .sectionHeader()
            .interfaceDescription(1, 0, -1, 0)
            .block(4, 20)
            .interfaceDescription(101, 128, 9, 100)
            .interfaceDescription(113, 262144, 0x80 | 20, 0)
            .enhancedPacket(0, SECONDS * 1_000_000L + 5, CaptureBytes.frame(60, 1), 60)
            .enhancedPacket(1, 1_234_567_890_123L, CaptureBytes.frame(41, 2), 1500)
            .block(0x0000_0BAD, 7)
            .block(0x4000_0BAD, 0)
            .enhancedPacket(2, (SECONDS << 20) | (1 << 19), CaptureBytes.frame(3, 3), 3)
            .simplePacket(CaptureBytes.frame(40, 4), 60)
            .simplePacket(CaptureBytes.frame(12, 5), 10)
            .block(5, 24)
            .obsoletePacket(1, 42, CaptureBytes.frame(5, 6), 70)
            .order(second)
            .sectionHeader()
            .interfaceDescription(228, 65535, 3, 0)
            .enhancedPacket(0, SECONDS * 1000 + 123, CaptureBytes.frame(20, 7), 20)
            .toByteArray();
    }

    static List<RecordedFrame> expected()
    {
        final long binary = SECONDS * NANOS + NANOS / 2;
        return List.of(
            RecordedFrame.of(CaptureBytes.frame(60, 1), 60, SECONDS * NANOS + 5_000, 1),
            RecordedFrame.of(CaptureBytes.frame(41, 2), 1500, 1_234_567_890_123L + 100 * NANOS, 101),
            RecordedFrame.of(CaptureBytes.frame(3, 3), 3, binary, 113),
            // SPB: interface 0, previous timestamp, captured length is the body cut to the original length.
            RecordedFrame.of(CaptureBytes.frame(40, 4), 60, binary, 1),
            RecordedFrame.of(CaptureBytes.frame(10, 5), 10, binary, 1),
            RecordedFrame.of(CaptureBytes.frame(5, 6), 70, 42 + 100 * NANOS, 101),
            RecordedFrame.of(CaptureBytes.frame(20, 7), 20, (SECONDS * 1000 + 123) * 1_000_000L, 228));
    }

    @ParameterizedTest
    @CsvSource({
        "BIG_ENDIAN, false, 1048576, pcapng",
        "LITTLE_ENDIAN, false, 1048576, pcapng",
        "LITTLE_ENDIAN, false, 64, pcapng",
        "BIG_ENDIAN, true, 1048576, pcapng (gzip)",
        "LITTLE_ENDIAN, true, 1048576, pcapng (gzip)"})
    void shouldReadEveryFrameOfEveryInterfaceAndSection(
        final String order, final boolean gzip, final int window, final String format) throws IOException
    {
        final byte[] plain = sample("BIG_ENDIAN".equals(order) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        final Path path = Captures.write(dir, "sample", gzip ? CaptureBytes.gzip(plain) : plain);

        final Captures.Read read = Captures.read(path, window, 32);

        assertEquals(format, read.format());
        assertNull(read.result().fault());
        assertEquals(expected(), read.frames());
    }

    @Test
    void shouldCutSimplePacketToTheInterfaceSnaplen() throws IOException
    {
        final Path path = Captures.write(dir, "spb.pcapng", new CaptureBytes(ByteOrder.LITTLE_ENDIAN)
            .sectionHeader()
            .interfaceDescription(1, 16, -1, 0)
            .simplePacket(CaptureBytes.frame(24, 1), 100)
            .toByteArray());

        final Captures.Read read = Captures.read(path);

        assertNull(read.result().fault());
        assertEquals(List.of(RecordedFrame.of(CaptureBytes.frame(16, 1), 100, 0, 1)), read.frames());
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0, 0",
        "1, 0, 1000000000",
        "1048576, 20, 1000000000",
        "3, 1, 1500000000",
        "-1, 32, 4294967295999999999",
        "1, 64, 0",
        "-1, 64, 999999999",
        "-1, 127, 0"})
    void shouldConvertBinaryFractionsExactly(final long units, final int shift, final String nanos)
    {
        assertEquals(Long.parseUnsignedLong(nanos), PcapngInterfaces.binaryFractionToNanos(units, shift));
    }

    @ParameterizedTest
    @CsvSource({
        "6, 1234, 1234000",
        "9, 1234, 1234",
        "0, 2, 2000000000",
        "12, 1234567, 1234",
        "127, 1234567, 0",
        "138, 1024, 1000000000"})
    void shouldConvertEveryTimestampResolution(final int tsresol, final long units, final long nanos)
    {
        final PcapngInterfaces interfaces = new PcapngInterfaces();
        interfaces.add(1, 0, tsresol, 0);
        interfaces.add(1, 0, tsresol, -1);

        assertEquals(nanos, interfaces.toNanos(0, units));
        assertEquals(nanos - NANOS, interfaces.toNanos(1, units));
    }
}
