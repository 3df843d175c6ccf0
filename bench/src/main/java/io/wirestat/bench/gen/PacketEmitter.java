package io.wirestat.bench.gen;

import io.wirestat.tracker.decode.TcpSegment;

import java.io.IOException;

/**
 * Turns one scripted packet into a frame and a ground-truth segment and hands both to the sink, numbering frames
 * and counting packets. Not thread safe; generator thread only.
 */
final class PacketEmitter
{
    private final FrameEncoder encoder;
    private final PacketSink sink;
    private final GroundTruth truth;
    private final TcpSegment segment = new TcpSegment();

    PacketEmitter(final FrameEncoder encoder, final PacketSink sink, final GroundTruth truth)
    {
        this.encoder = encoder;
        this.sink = sink;
        this.truth = truth;
    }

    void emit(
        final long nowMicros, final Connection c, final boolean fromClient, final int flags, final int seq,
        final int ack, final int payloadLength, final int optionsKind, final int window, final int payloadStyle)
        throws IOException
    {
        final long nanos = nowMicros * 1000L;
        final int captured = encoder.encode(
            c, fromClient, flags, seq, ack, payloadLength, optionsKind, window, payloadStyle, nanos, segment);
        segment.frameNumber = ++truth.packets;
        if (fromClient)
        {
            truth.clientPackets++;
            c.clientPackets++;
            c.clientBytes += payloadLength;
        }
        else
        {
            truth.serverPackets++;
            c.serverPackets++;
            c.serverBytes += payloadLength;
        }
        if (c.firstMicros == 0)
        {
            c.firstMicros = nowMicros;
        }
        c.lastMicros = nowMicros;
        if (truth.firstMicros == Long.MIN_VALUE)
        {
            truth.firstMicros = nowMicros;
        }
        truth.lastMicros = nowMicros;
        sink.onPacket(segment, encoder.scratch(), 0, captured, FrameEncoder.wireLength(segment, fromClient));
    }

    /** The traffic model's client segment: next in sequence, acknowledging all the server sent, timestamps on. */
    void emitClient(final Connection c, final long now, final int flags, final int length, final int style)
        throws IOException
    {
        emit(now, c, true, flags, c.clientNext, c.serverNext, length, FrameEncoder.OPTS_TS, 502, style);
    }

    /** The traffic model's server segment: next in sequence, acknowledging all the client sent, timestamps on. */
    void emitServer(final Connection c, final long now, final int flags, final int length, final int style)
        throws IOException
    {
        emit(now, c, false, flags, c.serverNext, c.clientNext, length, FrameEncoder.OPTS_TS, 509, style);
    }
}
