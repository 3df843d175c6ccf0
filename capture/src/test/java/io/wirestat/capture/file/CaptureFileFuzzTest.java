package io.wirestat.capture.file;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static io.wirestat.capture.fuzz.FuzzBounds.allocatedBytes;
import static io.wirestat.capture.fuzz.FuzzBounds.assertAllocationWithin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the offline readers through their public entry points only ({@link CaptureFiles#open(Path)},
 * {@link CaptureFile#readAll(FrameHandler)}), so it holds whatever the readers become inside: the format sniffing,
 * pcap (both byte orders, micro- and nanosecond), pcapng (every block type, unknown blocks, bad lengths) and
 * gzip-wrapped input.
 * <p>
 * Input layout: byte 0 picks how the rest is written to the file the readers open: {@code 0} as it is,
 * {@code 1} gzip-compressed, {@code 2} gzip-compressed and then cut at a fraction given by byte 1 (a truncated
 * download or rotation). Any other value writes the whole input as it is, so raw files (a gzip stream the fuzzer
 * mutates directly, for one) are reached too.
 * <p>
 * Properties: opening fails only with {@link CaptureFormatException} (the documented "not a capture" error) or,
 * for a damaged gzip header, the documented IOException naming the file with the JDK's ZipException as its cause;
 * any other exception, an IOException wrapping a RuntimeException above all, is a bug, as the file is a readable
 * local file; {@code readAll} never throws; every frame view lies inside its buffer; a fault's offset lies inside the
 * stream; reading again, in the same open file or a new one, gives the same frames and fault; a gzip-wrapped input
 * reads exactly as the same bytes uncompressed; heap allocated stays within a fixed window plus a bound
 * proportional to the input.
 */
class CaptureFileFuzzTest
{
    private static final int MODE_PLAIN = 0;
    private static final int MODE_GZIP = 1;
    private static final int MODE_GZIP_CUT = 2;
    /**
     * The gzip window (1 MiB) and inflater buffers, twice over (two opens), JDK file-channel overheads, and the
     * one-time cost (class loading, instrumentation while fuzzing) of the first input to reach a new path.
     */
    private static final long FIXED_ALLOCATION = 32L << 20;
    /** Per input byte: gzip output and, for a gzip-wrapped input, a window grown to the largest record. */
    private static final long ALLOCATION_PER_BYTE = 64;

    private static Path scratch;
    private static boolean warmedUp;

    @AfterAll
    static void removeScratch() throws IOException
    {
        if (scratch != null)
        {
            Files.deleteIfExists(scratch.resolve("plain"));
            Files.deleteIfExists(scratch.resolve("wrapped"));
            Files.deleteIfExists(scratch);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void readsAnyBytes(final byte[] input) throws IOException
    {
        if (input.length == 0)
        {
            return;
        }
        if (!warmedUp)
        {
            warmUp();
        }
        check(input, ALLOCATION_PER_BYTE);
    }

    /** Class loading and the JDK's one-time setup (gzip, file channels, formatting) are not the reader's cost. */
    private static void warmUp() throws IOException
    {
        warmedUp = true;
        final byte[] pcap = ByteBuffer.allocate(24 + 16 + 20)
            .putInt(0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1)
            .putInt(1).putInt(2).putInt(20).putInt(20).array();
        for (final byte mode : new byte[] {MODE_PLAIN, MODE_GZIP, MODE_GZIP_CUT, (byte)0xFF})
        {
            final byte[] input = new byte[pcap.length + 1];
            input[0] = mode;
            System.arraycopy(pcap, 0, input, 1, pcap.length);
            check(input, Long.MAX_VALUE / (1L << 20));
        }
    }

    private static void check(final byte[] input, final long allocationPerByte) throws IOException
    {
        final int mode = input[0] & 0xFF;
        if (mode == MODE_GZIP_CUT && input.length < 2)
        {
            // The cut mode reads its cut point from byte 1: a one-byte input has none (a harness case, kept as
            // crash-c4ea21bb...: the first CI-seeded run found it).
            return;
        }
        final byte[] body = mode <= MODE_GZIP_CUT ? Arrays.copyOfRange(input, mode == MODE_GZIP_CUT ? 2 : 1,
            Math.max(input.length, mode == MODE_GZIP_CUT ? 2 : 1)) : input;
        byte[] written = body;
        if (mode == MODE_GZIP || mode == MODE_GZIP_CUT)
        {
            written = gzip(body);
            if (mode == MODE_GZIP_CUT)
            {
                final int fraction = input.length > 1 ? input[1] & 0xFF : 0;
                written = Arrays.copyOf(written, (int)((long)written.length * fraction / 256));
            }
        }
        final Path file = write("wrapped", written);

        final long before = allocatedBytes();
        final long streamLength = mode == MODE_GZIP || mode == MODE_GZIP_CUT ? body.length : streamLength(written);
        final String first = read(file, streamLength);
        final long allocated = allocatedBytes() - before;
        assertAllocationWithin("open + two reads of " + first, allocated, input.length, FIXED_ALLOCATION,
            allocationPerByte);

        assertEquals(first, read(file, Long.MAX_VALUE), "a second open of the same bytes reads differently");
        final boolean bodyIsGzip = body.length >= 2 && (body[0] & 0xFF) == 0x1F && (body[1] & 0xFF) == 0x8B;
        if (mode == MODE_GZIP && !bodyIsGzip)
        {
            // Decompression must be invisible: the same frames and the same fault as the uncompressed bytes.
            final String plain = read(write("plain", body), body.length);
            assertEquals(plain, first.replace(" (gzip)", "").replace(" (after gzip decompression)", ""),
                "gzip-wrapped input reads differently from the same bytes uncompressed");
        }
    }

    /**
     * Opens and reads the file twice through the same {@link CaptureFile} and describes what came out.
     *
     * @param streamLength bytes in the (decompressed) stream, an upper bound for fault offsets.
     */
    private static String read(final Path file, final long streamLength) throws IOException
    {
        final CaptureFile capture;
        try
        {
            capture = CaptureFiles.open(file);
        }
        catch (final CaptureFormatException ex)
        {
            assertNotNull(ex.getMessage());
            assertTrue(ex.getMessage().startsWith(file.toString()), "message does not name the file: " +
                ex.getMessage());
            return "refused: " + ex.getMessage().substring(file.toString().length());
        }
        catch (final IOException ex)
        {
            // Documented for a file whose gzip header the JDK refuses (its ZipException is the cause). An
            // IOException wrapping a RuntimeException would be a reader bug dressed up as an I/O error.
            assertTrue(ex.getCause() instanceof java.util.zip.ZipException ||
                ex.getCause() instanceof java.io.EOFException, "open failed with " + ex + ", cause " + ex.getCause());
            assertTrue(ex.getMessage().contains(file.toString()), "message does not name the file: " +
                ex.getMessage());
            return "unreadable gzip: " + ex.getCause().getMessage();
        }
        try (capture)
        {
            final String once = readAll(capture, streamLength);
            assertEquals(once, readAll(capture, streamLength), "a second readAll of one open file reads differently");
            return capture.format() + " " + once;
        }
    }

    private static String readAll(final CaptureFile capture, final long streamLength)
    {
        final FrameDigest digest = new FrameDigest();
        final ReadResult result = capture.readAll(digest);
        assertEquals(digest.frames, result.frames(), "frames delivered vs frames counted");
        final CaptureFault fault = result.fault();
        if (fault != null)
        {
            assertTrue(fault.byteOffset() >= 0 && fault.byteOffset() <= streamLength,
                "fault offset " + fault.byteOffset() + " outside a stream of " + streamLength + " bytes: " + fault);
            assertNotNull(fault.message());
        }
        return digest + " fault=" + fault;
    }

    /** @return the bytes' length, or for a gzip stream the length of what decompresses before it ends or fails. */
    private static long streamLength(final byte[] bytes)
    {
        if (bytes.length < 2 || (bytes[0] & 0xFF) != 0x1F || (bytes[1] & 0xFF) != 0x8B)
        {
            return bytes.length;
        }
        long total = 0;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes)))
        {
            final byte[] chunk = new byte[8192];
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk))
            {
                total += n;
            }
        }
        catch (final IOException ex)
        {
            // A damaged stream: what came out before the damage is what the reader can have seen.
        }
        return total;
    }

    private static Path write(final String name, final byte[] bytes)
    {
        try
        {
            if (scratch == null)
            {
                // In memory where there is a tmpfs for it: the target writes a file per input.
                final Path shm = Path.of("/dev/shm");
                scratch = Files.isDirectory(shm) && Files.isWritable(shm) ?
                    Files.createTempDirectory(shm, "capture-file-fuzz") : Files.createTempDirectory("capture-file-fuzz");
            }
            return Files.write(scratch.resolve(name), bytes);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] gzip(final byte[] bytes)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out))
        {
            gzip.write(bytes);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** Folds every frame's metadata and bytes into a checksum, checking that each frame view is in bounds. */
    private static final class FrameDigest implements FrameHandler
    {
        private final CRC32 crc = new CRC32();
        private long frames;
        private long capturedBytes;

        @Override
        public void onFrame(
            final ByteBuffer buffer, final int offset, final int capturedLength, final int wireLength,
            final long timestampNanos, final int linkType)
        {
            if (offset < 0 || capturedLength < 0 || offset > buffer.limit() - capturedLength)
            {
                throw new AssertionError("frame " + (frames + 1) + " outside its buffer: offset " + offset +
                    ", captured " + capturedLength + ", buffer limit " + buffer.limit());
            }
            crc.update(buffer.slice(offset, capturedLength));
            final ByteBuffer meta = ByteBuffer.allocate(20)
                .putInt(capturedLength).putInt(wireLength).putLong(timestampNanos).putInt(linkType);
            crc.update(meta.array());
            frames++;
            capturedBytes += capturedLength;
        }

        @Override
        public String toString()
        {
            return "frames=" + frames + " bytes=" + capturedBytes + " crc=" + Long.toHexString(crc.getValue());
        }
    }
}
