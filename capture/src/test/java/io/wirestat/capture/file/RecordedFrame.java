package io.wirestat.capture.file;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One frame as a test saw it, copied out of the reader's buffer. Tests compare lists of these.
 */
record RecordedFrame(byte[] data, int wireLength, long timestampNanos, int linkType)
{
    static RecordedFrame of(final byte[] data, final int wireLength, final long timestampNanos, final int linkType)
    {
        return new RecordedFrame(data, wireLength, timestampNanos, linkType);
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof RecordedFrame o && Arrays.equals(data, o.data) && wireLength == o.wireLength &&
            timestampNanos == o.timestampNanos && linkType == o.linkType;
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(data) * 31 + Long.hashCode(timestampNanos);
    }

    @Override
    public String toString()
    {
        return "Frame[len=" + data.length + "/" + wireLength + " ts=" + timestampNanos + " lt=" + linkType + " " +
            Arrays.toString(Arrays.copyOf(data, Math.min(8, data.length))) + "]";
    }

    /** A handler that records every frame, checking the buffer it is given is big-endian. */
    static final class Recorder implements FrameHandler
    {
        final List<RecordedFrame> frames = new ArrayList<>();
        boolean allBigEndian = true;

        @Override
        public void onFrame(
            final ByteBuffer buffer,
            final int offset,
            final int capturedLength,
            final int wireLength,
            final long timestampNanos,
            final int linkType)
        {
            allBigEndian &= buffer.order() == ByteOrder.BIG_ENDIAN;
            final byte[] data = new byte[capturedLength];
            buffer.get(offset, data);
            frames.add(new RecordedFrame(data, wireLength, timestampNanos, linkType));
        }
    }
}
