package io.wirestat.capture.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptureFaultTest
{
    private static final int GZIP_HEADER_LENGTH = 10;

    @TempDir
    Path dir;

    @Test
    void shouldDeliverEveryWholeRecordOfAPcapCutAtAnyLength() throws IOException
    {
        final CaptureBytes bytes = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).pcapHeader(false, 65535, 1);
        final List<Integer> boundaries = new ArrayList<>(List.of(bytes.size()));
        for (int i = 0; i < 5; i++)
        {
            bytes.pcapRecord(1000 + i, i, CaptureBytes.frame(10 + i * 7, i), 100);
            boundaries.add(bytes.size());
        }
        final byte[] whole = bytes.toByteArray();
        final List<RecordedFrame> all = Captures.read(Captures.write(dir, "whole.pcap", whole)).frames();

        for (int cut = 0; cut <= whole.length; cut++)
        {
            final Path path = Captures.write(dir, "cut.pcap", Arrays.copyOf(whole, cut));
            if (cut < PcapFile.FILE_HEADER_LENGTH)
            {
                final IOException ex = assertThrows(CaptureFormatException.class, () -> Captures.read(path));
                assertTrue(ex.getMessage().endsWith("too short for a pcap header: " + cut +
                    " bytes (expected: 24)"), ex.getMessage());
                continue;
            }
            final Captures.Read read = Captures.read(path);
            final int complete = completeRecords(boundaries, cut);
            assertEquals(all.subList(0, complete), read.frames(), "cut at " + cut);
            final CaptureFault fault = read.result().fault();
            if (boundaries.contains(cut))
            {
                assertNull(fault, "cut at " + cut);
            }
            else
            {
                final int start = boundaries.get(complete);
                assertEquals(start, fault.byteOffset(), "cut at " + cut);
                final String expected = cut - start < 16 ?
                    "truncated pcap record header: " + (cut - start) + " bytes (expected: 16)" :
                    "truncated pcap record: " + (cut - start) + " bytes (expected: " +
                    (boundaries.get(complete + 1) - start) + ")";
                assertEquals(expected, fault.message());
            }
        }
    }

    @Test
    void shouldReportAFileCutWhileItIsReadAsTruncatedWithEverythingBeforeIt() throws IOException
    {
        // Read through a 64-byte window, so most of the file is read after it loses its tail (in place, as a
        // rotating writer may do): the reader sees the file as it is when it reads, and ends with a fault.
        final CaptureBytes bytes = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).pcapHeader(false, 65535, 1);
        final List<Integer> boundaries = new ArrayList<>();
        boundaries.add(bytes.size());
        for (int i = 0; i < 20; i++)
        {
            bytes.pcapRecord(1000 + i, i, CaptureBytes.frame(10 + i * 7, i), 100);
            boundaries.add(bytes.size());
        }
        final byte[] whole = bytes.toByteArray();
        final Path path = Captures.write(dir, "shrinking.pcap", whole);
        final List<RecordedFrame> all = Captures.read(path).frames();
        try (CaptureFile file = CaptureFiles.open(path, 64, 16))
        {
            java.nio.file.Files.write(path, Arrays.copyOf(whole, boundaries.get(10) + 5));
            final RecordedFrame.Recorder recorder = new RecordedFrame.Recorder();
            final ReadResult result = file.readAll(recorder);
            assertEquals(all.subList(0, 10), recorder.frames);
            assertEquals((long)boundaries.get(10), result.fault().byteOffset());
            assertEquals("truncated pcap record header: 5 bytes (expected: 16)", result.fault().message());
        }
    }

    @Test
    void shouldDeliverEveryWholeBlockOfAPcapngCutAtAnyLength() throws IOException
    {
        final byte[] whole = PcapngFileTest.sample(ByteOrder.BIG_ENDIAN);
        final List<Integer> boundaries = blockBoundaries(whole);
        final List<RecordedFrame> all = PcapngFileTest.expected();

        for (int cut = 0; cut <= whole.length; cut++)
        {
            final Path path = Captures.write(dir, "cut.pcapng", Arrays.copyOf(whole, cut));
            if (cut < PcapngFile.SHB_MIN_LENGTH)
            {
                assertThrows(CaptureFormatException.class, () -> Captures.read(path), "cut at " + cut);
                continue;
            }
            final Captures.Read read = Captures.read(path);
            final int complete = completeRecords(boundaries, cut);
            final int framesBefore = framesInBlocks(whole, boundaries, complete);
            assertEquals(all.subList(0, framesBefore), read.frames(), "cut at " + cut);
            final CaptureFault fault = read.result().fault();
            if (boundaries.contains(cut))
            {
                assertNull(fault, "cut at " + cut);
            }
            else
            {
                final int start = boundaries.get(complete);
                assertEquals(start, fault.byteOffset(), "cut at " + cut);
                assertTrue(fault.message().startsWith("truncated pcapng "), fault.message());
                assertTrue(fault.message().contains(": " + (cut - start) + " bytes (expected: "), fault.message());
            }
        }
    }

    @Test
    void shouldDeliverAPrefixAndAFaultForAGzipStreamCutAnywhere() throws IOException
    {
        // Records of varied lengths, so a count taken from a fixed record size cannot pass by accident.
        final CaptureBytes bytes = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).pcapHeader(true, 65535, 1);
        for (int i = 0; i < 300; i++)
        {
            final int length = 20 + (i * 37) % 131;
            bytes.pcapRecord(i, i, CaptureBytes.frame(length, i), length + 4);
        }
        final byte[] plain = bytes.toByteArray();
        final List<Integer> boundaries = pcapRecordBoundaries(plain);
        assertEquals(301, boundaries.size(), "the test's own walk of the records");
        final byte[] gzip = CaptureBytes.gzip(plain);
        final List<RecordedFrame> all = Captures.read(Captures.write(dir, "whole.pcap.gz", gzip)).frames();
        assertEquals(300, all.size());

        for (int cut = 0; cut < gzip.length; cut += 7)
        {
            final Path path = Captures.write(dir, "cut.pcap.gz", Arrays.copyOf(gzip, cut));
            // What the cut stream inflates to, found here with a bare Inflater, and the records wholly inside it.
            final int inflated = inflatablePrefix(Arrays.copyOf(gzip, cut));
            final Captures.Read read;
            try
            {
                read = Captures.read(path, FileByteSource.DEFAULT_WINDOW_SIZE, 256);
            }
            catch (final IOException ex)
            {
                // Only a cut inside the gzip header, or before a whole pcap header has been inflated, may fail to open.
                assertTrue(cut < GZIP_HEADER_LENGTH || inflated < PcapFile.FILE_HEADER_LENGTH, "cut at " + cut +
                    " (" + inflated + " bytes inflate): " + ex);
                assertTrue(cut < GZIP_HEADER_LENGTH || ex.getMessage().contains("too short for a pcap header"),
                    "cut at " + cut + ": " + ex);
                continue;
            }
            assertTrue(inflated >= PcapFile.FILE_HEADER_LENGTH, "opened with " + inflated + " bytes inflated");
            final int complete = completeRecords(boundaries, inflated);
            assertEquals(all.subList(0, complete), read.frames(), "cut at " + cut + " (" + inflated +
                " bytes inflate)");
            final CaptureFault fault = read.result().fault();
            assertNotNull(fault, "cut at " + cut);
            assertEquals((long)boundaries.get(complete), fault.byteOffset(), "cut at " + cut);
            assertTrue(fault.message().contains("gzip stream ends early"), fault.message());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "300000, 65535, invalid pcap record header: captured length 300000 (expected: at most 262144)",
        "-1, 65535, invalid pcap record header: captured length 4294967295 (expected: at most 262144)",
        "400000, 300000, invalid pcap record header: captured length 400000 (expected: at most 300000)"})
    void shouldStopAtAGarbageRecordHeader(final int caplen, final int snaplen, final String message)
        throws IOException
    {
        final CaptureBytes bytes = new CaptureBytes(ByteOrder.BIG_ENDIAN)
            .pcapHeader(false, snaplen, 1)
            .pcapRecord(1, 2, CaptureBytes.frame(20, 1), 20)
            .pcapRecordHeader(caplen, 60)
            .raw(new byte[1000]);
        final Captures.Read read = Captures.read(Captures.write(dir, "garbage.pcap", bytes.toByteArray()));

        assertEquals(1, read.frames().size());
        assertEquals(new CaptureFault(24 + 36, message), read.result().fault());
    }

    @ParameterizedTest
    @CsvSource({
        "13, invalid pcapng block length: 13 (expected: a multiple of 4 from 12 to 16777216)",
        "8, invalid pcapng block length: 8 (expected: a multiple of 4 from 12 to 16777216)",
        "-4, invalid pcapng block length: 4294967292 (expected: a multiple of 4 from 12 to 16777216)",
        "1000, truncated pcapng block: 108 bytes (expected: 1000)"})
    void shouldStopAtABadBlockLength(final int length, final String message) throws IOException
    {
        final CaptureBytes bytes = new CaptureBytes(ByteOrder.LITTLE_ENDIAN)
            .sectionHeader()
            .interfaceDescription(1, 0, -1, 0)
            .enhancedPacket(0, 1, CaptureBytes.frame(20, 1), 20);
        final int offset = bytes.size();
        bytes.blockHeader(6, length).raw(new byte[100]);

        final Captures.Read read = Captures.read(Captures.write(dir, "bad.pcapng", bytes.toByteArray()));

        assertEquals(1, read.frames().size());
        assertEquals(new CaptureFault(offset, message), read.result().fault());
    }

    @Test
    void shouldStopAtPacketsForUndescribedInterfaces() throws IOException
    {
        final CaptureBytes epb = new CaptureBytes(ByteOrder.LITTLE_ENDIAN)
            .sectionHeader()
            .interfaceDescription(1, 0, -1, 0)
            .interfaceDescription(1, 0, -1, 0)
            .enhancedPacket(1, 1, CaptureBytes.frame(20, 1), 20);
        final int epbOffset = epb.size();
        epb.enhancedPacket(2, 1, CaptureBytes.frame(20, 1), 20);
        final CaptureBytes spb = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader()
            .simplePacket(CaptureBytes.frame(4, 1), 4);
        // A new section forgets the interfaces of the one before.
        final CaptureBytes section = new CaptureBytes(ByteOrder.BIG_ENDIAN).sectionHeader()
            .interfaceDescription(1, 0, -1, 0)
            .sectionHeader();
        final int sectionOffset = section.size();
        section.enhancedPacket(0, 1, CaptureBytes.frame(20, 1), 20);

        assertEquals(new ReadResult(1, new CaptureFault(epbOffset,
            "enhanced packet block for undescribed interface 2 (expected: below 2)")),
            Captures.read(Captures.write(dir, "epb.pcapng", epb.toByteArray())).result());
        assertEquals(new ReadResult(0, new CaptureFault(28,
            "simple packet block for undescribed interface 0 (expected: below 0)")),
            Captures.read(Captures.write(dir, "spb.pcapng", spb.toByteArray())).result());
        assertEquals(new ReadResult(0, new CaptureFault(sectionOffset,
            "enhanced packet block for undescribed interface 0 (expected: below 0)")),
            Captures.read(Captures.write(dir, "section.pcapng", section.toByteArray())).result());
    }

    @Test
    void shouldStopAtAnEnhancedPacketWhoseCaplenRunsPastItsBlock() throws IOException
    {
        final CaptureBytes bytes = new CaptureBytes(ByteOrder.LITTLE_ENDIAN)
            .sectionHeader()
            .interfaceDescription(1, 0, -1, 0);
        final byte[] block = new CaptureBytes(ByteOrder.LITTLE_ENDIAN)
            .enhancedPacket(0, 1, CaptureBytes.frame(20, 1), 20).toByteArray();
        block[20] = 21;
        bytes.raw(block);

        assertEquals(new ReadResult(0, new CaptureFault(28 + 24,
            "enhanced packet block captured length 21 runs past its block (expected: at most 20)")),
            Captures.read(Captures.write(dir, "caplen.pcapng", bytes.toByteArray())).result());
    }

    @Test
    void shouldStopAtALaterSectionHeaderLibpcapWouldRefuse() throws IOException
    {
        final byte[] badVersion = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader().toByteArray();
        badVersion[14] = 1;
        final byte[] badMagic = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader().toByteArray();
        badMagic[8] = 0x77;
        final byte[] good = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).sectionHeader()
            .interfaceDescription(1, 0, -1, 0)
            .enhancedPacket(0, 1, CaptureBytes.frame(20, 1), 20).toByteArray();

        final Captures.Read version = Captures.read(Captures.write(dir, "v.pcapng",
            new CaptureBytes(ByteOrder.LITTLE_ENDIAN).raw(good).raw(badVersion).toByteArray()));
        final Captures.Read magic = Captures.read(Captures.write(dir, "m.pcapng",
            new CaptureBytes(ByteOrder.LITTLE_ENDIAN).raw(good).raw(badMagic).toByteArray()));

        assertEquals(new ReadResult(1, new CaptureFault(good.length, "unsupported pcapng version 1.1 (expected: 1.0)")),
            version.result());
        assertEquals(new ReadResult(1, new CaptureFault(good.length,
            "invalid pcapng byte-order magic: 0x773c2b1a (expected: 0x1a2b3c4d in either byte order)")),
            magic.result());
    }

    @Test
    void shouldRefuseFilesThatAreNotCapturesNamingFileAndMagic() throws IOException
    {
        final byte[] hello = "hello, world\n".repeat(10).getBytes(StandardCharsets.UTF_8);
        final Path text = Captures.write(dir, "notes.txt", hello);
        final Path gzipText = Captures.write(dir, "notes.gz", CaptureBytes.gzip(hello));
        final Path empty = Captures.write(dir, "empty.pcap", new byte[0]);
        final Path shortPcap = Captures.write(dir, "short.pcap", Arrays.copyOf(
            new CaptureBytes(ByteOrder.LITTLE_ENDIAN).pcapHeader(false, 65535, 1).toByteArray(), 10));

        assertEquals(text + ": not a pcap or pcapng file: magic 0x68656c6c",
            assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(text)).getMessage());
        assertEquals(gzipText + ": not a pcap or pcapng file: magic 0x68656c6c (after gzip decompression)",
            assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(gzipText)).getMessage());
        assertEquals(empty + ": too short for a pcap header: 0 bytes (expected: 24)",
            assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(empty)).getMessage());
        assertEquals(shortPcap + ": too short for a pcap header: 10 bytes (expected: 24)",
            assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(shortPcap)).getMessage());
    }

    @Test
    void shouldRefuseHeadersLibpcapRefuses() throws IOException
    {
        final byte[] version = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).pcapHeader(false, 65535, 1).toByteArray();
        version[6] = 5;
        final Path badVersion = Captures.write(dir, "version.pcap", version);
        final Path reserved = Captures.write(dir, "reserved.pcap", new CaptureBytes(ByteOrder.LITTLE_ENDIAN)
            .pcapHeader(false, 65535, 0x0030_0000).toByteArray());

        assertEquals(badVersion + ": unsupported pcap version 2.5 (expected: 2.4 or lower)",
            assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(badVersion)).getMessage());
        assertEquals(reserved + ": pcap link type has reserved bits set: 0x300000 (expected: 0 in bits 0x3ff0000)",
            assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(reserved)).getMessage());
    }

    @Test
    void shouldReportUnreadableFilesWithTheirCause()
    {
        final Path missing = dir.resolve("missing.pcap");
        final Path brokenGzip = Captures.write(dir, "broken.gz", new byte[] {0x1F, (byte)0x8B, 1, 2, 3});

        final IOException notFound = assertThrows(IOException.class, () -> CaptureFiles.open(missing));
        final IOException badGzip = assertThrows(IOException.class, () -> CaptureFiles.open(brokenGzip));

        assertInstanceOf(NoSuchFileException.class, notFound.getCause());
        assertTrue(notFound.getMessage().contains(missing.toString()), notFound.getMessage());
        assertNotNull(badGzip.getCause());
        assertTrue(badGzip.getMessage().contains(brokenGzip.toString()), badGzip.getMessage());
        // Linux opens a directory for reading: the reader refuses it by name, before any read fails.
        final IOException directory = assertThrows(IOException.class, () -> CaptureFiles.open(dir));
        assertEquals("cannot read capture file " + dir + ": Is a directory", directory.getMessage());
    }

    private static int completeRecords(final List<Integer> boundaries, final int cut)
    {
        int complete = 0;
        while (complete + 1 < boundaries.size() && boundaries.get(complete + 1) <= cut)
        {
            complete++;
        }
        return complete;
    }

    /** Offsets where each pcap record starts (the first just after the file header), plus the file length. */
    private static List<Integer> pcapRecordBoundaries(final byte[] file)
    {
        final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        final List<Integer> boundaries = new ArrayList<>();
        int at = PcapFile.FILE_HEADER_LENGTH;
        while (at < file.length)
        {
            boundaries.add(at);
            at += 16 + b.getInt(at + 8);   // record header: ts_sec, ts_frac, incl_len, orig_len
        }
        assertEquals(file.length, at, "records end at the end of the file");
        boundaries.add(at);
        return boundaries;
    }

    /**
     * @return how many bytes the deflate data of a (possibly cut) gzip member written by {@link CaptureBytes#gzip}
     * (a 10-byte header, no optional fields) inflates to before its input runs out.
     */
    private static int inflatablePrefix(final byte[] gzip)
    {
        if (gzip.length <= GZIP_HEADER_LENGTH)
        {
            return 0;
        }
        assertEquals(0, gzip[3], "no optional gzip header fields");
        final Inflater inflater = new Inflater(true);
        try
        {
            inflater.setInput(gzip, GZIP_HEADER_LENGTH, gzip.length - GZIP_HEADER_LENGTH);
            final byte[] out = new byte[1 << 16];
            int total = 0;
            while (!inflater.finished())
            {
                final int n = inflater.inflate(out);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary()))
                {
                    break;
                }
                total += n;
            }
            return total;
        }
        catch (final DataFormatException ex)
        {
            throw new AssertionError("the test's own gzip stream does not inflate", ex);
        }
        finally
        {
            inflater.end();
        }
    }

    /** Offsets where each pcapng block starts, plus the file length; the first is 0. */
    private static List<Integer> blockBoundaries(final byte[] file)
    {
        final List<Integer> boundaries = new ArrayList<>();
        int at = 0;
        ByteOrder order = ByteOrder.BIG_ENDIAN;
        while (at < file.length)
        {
            boundaries.add(at);
            final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(file);
            if (b.getInt(at) == PcapngFile.SHB)
            {
                order = b.getInt(at + 8) == PcapngFile.BYTE_ORDER_MAGIC ? ByteOrder.BIG_ENDIAN :
                    ByteOrder.LITTLE_ENDIAN;
            }
            at += b.order(order).getInt(at + 4);
        }
        boundaries.add(at);
        return boundaries;
    }

    private static int framesInBlocks(final byte[] file, final List<Integer> boundaries, final int blocks)
    {
        int frames = 0;
        for (int i = 0; i < blocks; i++)
        {
            final int at = boundaries.get(i);
            final int type = Math.max(file[at], file[at + 3]);
            frames += type == 2 || type == 3 || type == 6 ? 1 : 0;
        }
        return frames;
    }
}
