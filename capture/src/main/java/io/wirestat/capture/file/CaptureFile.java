package io.wirestat.capture.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An open capture file (pcap, pcapng, either gzip-compressed), read in pure Java without libpcap.
 * Open with {@link CaptureFiles#open(Path)}.
 */
public interface CaptureFile extends AutoCloseable
{
    /** @return e.g. "pcap", "pcap (nanosecond)", "pcapng", with " (gzip)" appended when compressed. */
    String format();

    /**
     * Delivers every frame, in file order, to the handler. Never throws for damaged content: a fault ends the read
     * and is returned, with everything before it already delivered.
     *
     * @param handler receives each frame.
     * @return frames delivered and the fault, if any.
     */
    default ReadResult readAll(FrameHandler handler)
    {
        return readAll(handler, new ReadProgress());
    }

    /**
     * As {@link #readAll(FrameHandler)}, publishing how far the read has got into {@code progress} (every megabyte
     * or so, and at the end: see {@link ReadProgress}), for a progress display on another thread.
     *
     * @param handler  receives each frame.
     * @param progress where the position is published; its figures go on from those of files read into it before.
     * @return frames delivered and the fault, if any.
     */
    ReadResult readAll(FrameHandler handler, ReadProgress progress);

    @Override
    void close() throws IOException;
}
