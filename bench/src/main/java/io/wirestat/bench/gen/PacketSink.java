package io.wirestat.bench.gen;

import io.wirestat.tracker.decode.TcpSegment;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Receives every packet the generator emits, in capture order. Called on the generator's thread only.
 */
@FunctionalInterface
public interface PacketSink
{
    /**
     * @param segment        the segment as the decoder should see it (ground truth, including timestamp and frame
     *                       number); reused for the next packet, so copy what must be kept.
     * @param frame          buffer holding the captured frame bytes (big-endian, absolute indexing).
     * @param offset         index of the frame's first byte.
     * @param capturedLength bytes captured: min(wire length, snap length).
     * @param wireLength     the frame's length on the wire.
     * @throws IOException if the sink cannot store the packet.
     */
    void onPacket(TcpSegment segment, ByteBuffer frame, int offset, int capturedLength, int wireLength)
        throws IOException;
}
