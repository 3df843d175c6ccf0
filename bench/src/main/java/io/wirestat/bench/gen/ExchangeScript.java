package io.wirestat.bench.gen;

import io.wirestat.tracker.decode.TcpSegment;

import java.io.IOException;

/**
 * The {@link TrafficModel}'s request/response exchanges on an established connection: the client's request (one
 * segment or a few), the server's think time (with a delayed ACK when it is longer than 40 ms), its response in
 * bursts of up to 10 back-to-back segments, the client's delayed ACKs (one per two segments) after each burst, and
 * then the next request or the start of the close the connection's kind calls for. Not thread safe; generator
 * thread only.
 */
final class ExchangeScript
{
    private static final int BURST_SEGMENTS = 10;
    private static final long DELAYED_ACK_MICROS = 40_000;

    private final PacketEmitter emitter;
    private final TrafficRandom random;

    ExchangeScript(final PacketEmitter emitter, final TrafficRandom random)
    {
        this.emitter = emitter;
        this.random = random;
    }

    /**
     * Draws the size of the connection's next request: 517 bytes (a TLS ClientHello) for the first on port 443,
     * else mostly 60 to 1 200 bytes and one in twenty one to three segments' worth.
     */
    void startRequest(final Connection c)
    {
        c.requestsLeft--;
        final int mss = c.segmentPayload;
        if (c.firstRequest && c.serverPort == 443)
        {
            c.requestBytesLeft = 517;
        }
        else if (random.nextDouble() < 0.05)
        {
            c.requestBytesLeft = mss + random.nextInt(2 * mss);
        }
        else
        {
            c.requestBytesLeft = (int)random.logUniform(60, 1_200);
        }
        c.requestSegmentsLeft = (c.requestBytesLeft + mss - 1) / mss;
        c.requestStarted = false;
    }

    /** {@link Phase#REQUEST}: one segment of the request; after its last, the server thinks. */
    void request(final Connection c, final long now) throws IOException
    {
        final int length = Math.min(c.requestBytesLeft, c.segmentPayload);
        final int style = c.requestStarted ? FrameEncoder.PAYLOAD_CONTINUATION
            : c.firstRequest ? FrameEncoder.PAYLOAD_FIRST_REQUEST : FrameEncoder.PAYLOAD_REQUEST;
        c.requestStarted = true;
        emitter.emitClient(c, now, TcpSegment.ACK | TcpSegment.PSH, length, style);
        c.clientNext += length;
        c.requestBytesLeft -= length;
        c.requestSegmentsLeft--;
        if (c.requestSegmentsLeft > 0)
        {
            Phase.next(c, Phase.REQUEST, now + random.uniform(2, 20));
            return;
        }
        c.firstRequest = false;
        c.responseBytesLeft = responseBytes(c.segmentPayload);
        c.responseStarted = false;
        final double u = random.nextDouble();
        final long think = u < 0.70 ? random.logUniform(80, 5_000) : u < 0.95 ? random.logUniform(5_000, 40_000)
            : random.logUniform(40_000, 300_000);
        if (think > DELAYED_ACK_MICROS)
        {
            c.pendingThinkMicros = think - DELAYED_ACK_MICROS;
            Phase.next(c, Phase.SERVER_DELAYED_ACK, now + DELAYED_ACK_MICROS);
        }
        else
        {
            Phase.next(c, Phase.RESPONSE, now + think);
        }
    }

    /** {@link Phase#SERVER_DELAYED_ACK}: the server acknowledges the request, still thinking. */
    void serverDelayedAck(final Connection c, final long now) throws IOException
    {
        emitter.emitServer(c, now, TcpSegment.ACK, 0, 0);
        Phase.next(c, Phase.RESPONSE, now + c.pendingThinkMicros);
    }

    /** @return a response's size: most fit in a segment or a few, one in fifty is 40 to 150 segments. */
    private long responseBytes(final int mss)
    {
        final double u = random.nextDouble();
        if (u < 0.60)
        {
            return 100 + random.nextInt(mss - 100);
        }
        if (u < 0.90)
        {
            return mss + 1 + random.nextInt(7 * mss);
        }
        if (u < 0.98)
        {
            return 8L * mss + random.nextInt(32 * mss);
        }
        return 40L * mss + random.nextInt(110 * mss);
    }

    /** {@link Phase#RESPONSE}: one segment of the server's burst; after its last, the client's ACKs. */
    void response(final Connection c, final long now) throws IOException
    {
        if (c.burstSegments == 0)
        {
            c.burstStartSeq = c.serverNext;
        }
        final int length = (int)Math.min(c.responseBytesLeft, c.segmentPayload);
        final boolean last = length == c.responseBytesLeft;
        final int style = c.responseStarted ? FrameEncoder.PAYLOAD_CONTINUATION : FrameEncoder.PAYLOAD_RESPONSE;
        emitter.emitServer(c, now, TcpSegment.ACK | (last ? TcpSegment.PSH : 0), length, style);
        c.responseStarted = true;
        c.serverNext += length;
        c.responseBytesLeft -= length;
        c.burstSegments++;
        if (!last && c.burstSegments < BURST_SEGMENTS)
        {
            // Back-to-back segments: ~12 µs apart at 1 Gb/s.
            Phase.next(c, Phase.RESPONSE, now + random.uniform(8, 16));
            return;
        }
        c.burstAcksTotal = (c.burstSegments + 1) / 2;
        c.burstAcksDone = 0;
        Phase.next(c, Phase.CLIENT_ACKS, now + c.rttMicros);
    }

    /**
     * {@link Phase#CLIENT_ACKS}: one of the client's ACKs of the burst; after the last, the next burst, the next
     * request, or the close.
     */
    void clientAcks(final Connection c, final long now) throws IOException
    {
        c.burstAcksDone++;
        final boolean lastAck = c.burstAcksDone == c.burstAcksTotal;
        // One ACK per two full segments (delayed ACK); the last one covers everything the burst carried.
        final int ack = lastAck ? c.serverNext : c.burstStartSeq + 2 * c.burstAcksDone * c.segmentPayload;
        emitter.emit(now, c, true, TcpSegment.ACK, c.clientNext, ack, 0, FrameEncoder.OPTS_TS, 502, 0);
        if (!lastAck)
        {
            Phase.next(c, Phase.CLIENT_ACKS, now + random.uniform(2, 15));
            return;
        }
        c.burstSegments = 0;
        if (c.responseBytesLeft > 0)
        {
            Phase.next(c, Phase.RESPONSE, now + random.uniform(10, 30));
            return;
        }
        if (c.requestsLeft > 0)
        {
            startRequest(c);
            Phase.next(c, Phase.REQUEST, now + random.logUniform(1_000, 2_000_000));
            return;
        }
        switch (c.kind)
        {
            case Connection.KIND_CLIENT_FIN:
            case Connection.KIND_CLIENT_FIN_3WAY:
                Phase.next(c, Phase.CLIENT_FIN, now + random.logUniform(100, 100_000));
                break;
            case Connection.KIND_SERVER_FIN:
                // The server's keep-alive timeout closes the idle connection.
                Phase.next(c, Phase.SERVER_FIRST_FIN, now + random.uniform(5_000_000, 15_000_000));
                break;
            case Connection.KIND_CLIENT_RST:
                Phase.next(c, Phase.CLIENT_RST, now + random.logUniform(1_000, 500_000));
                break;
            default:
                c.done = true;
                break;
        }
    }
}
