package io.wirestat.tracker.decode;

import java.nio.ByteBuffer;

import static io.wirestat.tracker.decode.TcpDescriptor.MAX_WINDOW_SCALE;
import static io.wirestat.tracker.decode.TcpDescriptor.OPT_EOL;
import static io.wirestat.tracker.decode.TcpDescriptor.OPT_MSS;
import static io.wirestat.tracker.decode.TcpDescriptor.OPT_NOP;
import static io.wirestat.tracker.decode.TcpDescriptor.OPT_SACK;
import static io.wirestat.tracker.decode.TcpDescriptor.OPT_SACK_PERMITTED;
import static io.wirestat.tracker.decode.TcpDescriptor.OPT_TIMESTAMP;
import static io.wirestat.tracker.decode.TcpDescriptor.OPT_WSCALE;

/**
 * Parses the TCP options the tracker cares about (MSS, window scale, SACK-permitted, SACK, timestamps) into a
 * {@link TcpSegment}. Stateless and allocation free; safe to call from any thread on distinct segments.
 * <p>
 * Robustness rules, modelled on Linux's {@code tcp_parse_options()}: an option whose length byte is below 2 or
 * runs past the end of the readable option bytes ends parsing (what was parsed so far stands, the segment is not
 * skipped); a known option with an unexpected length is ignored and parsing continues after it.
 */
public final class TcpOptionsParser
{
    private TcpOptionsParser()
    {
    }

    /**
     * Parses options in {@code [start, end)} and sets {@link TcpSegment#mss}, {@link TcpSegment#windowScale} and
     * {@link TcpSegment#options} (-1 / -1 / 0 when absent).
     *
     * @param buffer big-endian buffer holding the segment.
     * @param start  index of the first option byte (TCP header + 20).
     * @param end    exclusive end: the smaller of the header's end and the last captured byte, so a snap length
     *               that cuts the options leaves the cut ones unparsed.
     * @param out    segment to fill.
     */
    public static void parse(final ByteBuffer buffer, final int start, final int end, final TcpSegment out)
    {
        int mss = -1;
        int windowScale = -1;
        int options = 0;
        int pos = start;
        while (pos < end)
        {
            final int kind = buffer.get(pos) & 0xFF;
            if (kind == OPT_EOL)
            {
                break;
            }
            if (kind == OPT_NOP)
            {
                pos++;
                continue;
            }
            if (pos + 1 >= end)
            {
                break;
            }
            final int length = buffer.get(pos + 1) & 0xFF;
            if (length < 2 || length > end - pos)
            {
                // Malformed, or cut by the header end / snap length: nothing after it can be trusted.
                break;
            }
            switch (kind)
            {
                case OPT_MSS:
                    if (length == 4)
                    {
                        mss = buffer.getShort(pos + 2) & 0xFFFF;
                        options |= TcpSegment.OPT_MSS;
                    }
                    break;

                case OPT_WSCALE:
                    if (length == 3)
                    {
                        windowScale = Math.min(buffer.get(pos + 2) & 0xFF, MAX_WINDOW_SCALE);
                        options |= TcpSegment.OPT_WSCALE;
                    }
                    break;

                case OPT_SACK_PERMITTED:
                    if (length == 2)
                    {
                        options |= TcpSegment.OPT_SACK_PERMITTED;
                    }
                    break;

                case OPT_SACK:
                    if (length >= 10 && ((length - 2) & 7) == 0)
                    {
                        options |= TcpSegment.OPT_SACK;
                    }
                    break;

                case OPT_TIMESTAMP:
                    if (length == 10)
                    {
                        options |= TcpSegment.OPT_TIMESTAMP;
                    }
                    break;

                default:
                    break;
            }
            pos += length;
        }
        out.mss = mss;
        out.windowScale = windowScale;
        out.options = options;
    }
}
