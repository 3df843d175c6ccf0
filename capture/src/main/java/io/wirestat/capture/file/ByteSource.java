package io.wirestat.capture.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A window onto a byte stream (a capture file, possibly decompressed) that the record parsers read through, so that
 * the pcap and pcapng parsers exist once for plain files, streams and gzip-compressed files.
 * <p>
 * Stream offsets are {@code long}; the window {@link #buffer} holds stream bytes {@code [base, end)} at buffer index
 * {@code offset - base}. The buffer is always big-endian and is indexed absolutely. The fields are read directly by
 * the parsers so the per-frame fast path is a compare and a few absolute loads:
 * {@code if (pos + n <= source.end || source.fill(pos, n))}; only {@link #fill} is a virtual call, and it runs once
 * per window, not once per frame.
 * <p>
 * Not thread safe: one reading thread.
 */
abstract class ByteSource implements Closeable
{
    /** Window onto the stream, big-endian, indexed absolutely; replaced by {@link #fill} when it remaps or grows. */
    ByteBuffer buffer;

    /** Stream offset of buffer index 0. */
    long base;

    /** Stream offset one past the last valid byte in {@link #buffer}. */
    long end;

    /** The largest record the format allows ({@link #limitRecordLength}); pcapng's bound until a header says. */
    private int recordLimit = PcapngFile.MAX_BLOCK_LENGTH;

    /** The stream has ended, cleanly or not ({@link #failure}): no more reads. */
    boolean eof;

    private IOException failure;

    /**
     * Makes stream bytes {@code [offset, offset + length)} valid in {@link #buffer}, moving or refilling the window
     * when needed. On failure the window holds every byte that remains from {@code offset} (so {@code end - offset}
     * is the number of bytes that were there), never more than {@code length} are promised.
     *
     * @param offset stream offset of the first byte needed; never below the offset of an earlier successful fill's
     *               first byte that is still to be read (sources may discard bytes before it).
     * @param length number of bytes needed.
     * @return true if the bytes are in the window, false if the stream ends (or fails, see {@link #failure()}) first.
     */
    abstract boolean fill(long offset, int length);

    /**
     * @return why the stream ended early (e.g. a truncated gzip stream), or null if it ended cleanly or has not
     * ended.
     */
    final IOException failure()
    {
        return failure;
    }

    /**
     * What one read of the stream gave, for the sources' read loops.
     *
     * @param n the read's result: bytes read, or negative at the end of the stream.
     * @return the bytes read; 0 at the end, which is then {@link #eof}.
     */
    final int readResult(final int n)
    {
        if (n < 0)
        {
            eof = true;
            return 0;
        }
        return n;
    }

    /**
     * A read that failed ends the good data here: the parser reports a fault with every earlier frame delivered,
     * and {@link #failure()} says why.
     *
     * @param ex why the read failed.
     * @return 0, the bytes it gave.
     */
    final int readFailed(final IOException ex)
    {
        eof = true;
        failure = ex;
        return 0;
    }

    /** For a source that starts over: not ended, nothing failed. */
    final void clearEnd()
    {
        eof = false;
        failure = null;
    }

    /**
     * Goes back to the start of the stream so it can be read again.
     *
     * @throws IOException if the stream cannot be reopened.
     */
    abstract void rewind() throws IOException;

    /**
     * Tells the source the largest record length the format's header allows, before the first record is read:
     * the window grows at most to this ({@link #grownWindowLength}).
     *
     * @param maxRecordLength the largest length {@link #fill} will be asked for.
     */
    final void limitRecordLength(final int maxRecordLength)
    {
        recordLimit = maxRecordLength;
    }

    /**
     * The window's new length when a record does not fit it: at once the largest record the header allows (the
     * parsers never ask beyond it), so a run of ever larger records does not regrow each time, and a lying length
     * was refused before it got here.
     *
     * @param length the record length that does not fit.
     * @return the length to grow the window to.
     */
    final int grownWindowLength(final int length)
    {
        return Math.max(length, recordLimit);
    }

    /**
     * How much of the input a stream position stands for, for {@link ReadProgress}: the position itself, except where
     * the stream is decompressed from a smaller input. Called every megabyte or so, not per frame.
     *
     * @param position stream offset the reader has got to.
     * @return input bytes consumed to get there (compressed bytes for gzip).
     */
    long consumed(final long position)
    {
        return position;
    }

    /** @return what ended early, for {@link #failureNote()}: "gzip stream", "stream". */
    String failureLabel()
    {
        return "stream";
    }

    /**
     * Readers read a file again from its start when asked twice: rewinds if this source was read before.
     *
     * @param alreadyRead whether a read has consumed this source.
     * @return null when the source is ready at its start, else the fault to return (nothing was read).
     */
    final ReadResult rewindForAnotherRead(final boolean alreadyRead)
    {
        if (!alreadyRead)
        {
            return null;
        }
        try
        {
            rewind();
            return null;
        }
        catch (final IOException ex)
        {
            return new ReadResult(0, new CaptureFault(0, "cannot reopen for another read: " + ex));
        }
    }

    /**
     * @return text to append to a truncation message when the stream itself ended early, else "".
     */
    final String failureNote()
    {
        final IOException failure = failure();
        return failure == null ? "" : " (" + failureLabel() + " ends early: " + failure.getMessage() + ")";
    }

    /**
     * @param offset stream offset.
     * @return the window's buffer index of that offset; valid only after a successful {@link #fill} covering it.
     */
    final int index(final long offset)
    {
        return (int)(offset - base);
    }

    /**
     * @param offset stream offset; must be at or after {@link #base}.
     * @return bytes from {@code offset} to the end of the window (0 when the window ends before it).
     */
    final long remaining(final long offset)
    {
        return Math.max(0, end - offset);
    }
}
