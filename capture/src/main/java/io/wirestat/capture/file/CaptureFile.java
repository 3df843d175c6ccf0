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
    ReadResult readAll(FrameHandler handler);

    @Override
    void close() throws IOException;
}
