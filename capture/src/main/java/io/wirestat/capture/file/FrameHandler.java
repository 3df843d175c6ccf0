package io.wirestat.capture.file;

import java.nio.ByteBuffer;

/**
 * Receives each frame a capture source reads. Called on the reading thread, once per frame, with a view of the
 * captured bytes that is valid only during the call (the buffer is a reused window).
 */
@FunctionalInterface
public interface FrameHandler
{
    /**
     * @param buffer         holds the frame; index absolutely, do not rely on position or limit.
     * @param offset         index of the frame's first captured byte.
     * @param capturedLength number of captured bytes.
     * @param wireLength     the frame's original length on the wire.
     * @param timestampNanos capture time, nanoseconds since the epoch.
     * @param linkType       LINKTYPE_* of the frame (per interface in pcapng).
     */
    void onFrame(ByteBuffer buffer, int offset, int capturedLength, int wireLength, long timestampNanos, int linkType);
}
