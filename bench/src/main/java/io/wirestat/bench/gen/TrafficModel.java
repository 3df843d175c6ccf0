package io.wirestat.bench.gen;

import io.wirestat.tracker.decode.TcpSegment;
import io.wirestat.tracker.flow.FlowHash;
import io.wirestat.tracker.state.TcpState;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * The scripted lifecycle of a connection as a busy HTTP(S) server sees it, one packet per {@link #step} call:
 * handshake with options, request/response exchanges (bursts of up to 10 segments, delayed client ACKs every two
 * segments, a server delayed ACK when it thinks longer than 40 ms), then a client-first (4 or 3 packet) or
 * server-first close, a client RST, or nothing (never closed). Also unanswered SYNs retransmitted at 1, 3, 7, 15 s,
 * refused SYNs (RST-ACK), and clients reusing a 4-tuple after its previous connection ended.
 * <p>
 * The capture point is the server, so its replies follow what it receives by tens of microseconds, and the
 * client's by one round-trip time. Every random draw comes from one seeded generator in event order, so the same
 * seed gives the same capture byte for byte. Not thread safe; generator thread only.
 */
final class TrafficModel
{
    static final int HOSTS = 40_000;
    private static final int HOST_MULTIPLIER = 7_777;
    private static final int EPHEMERAL_FIRST = 32_768;
    private static final int EPHEMERAL_COUNT = 28_232;
    private static final int PORT_STRIDE = 7_919;
    private static final int IPV4_CLIENT_BASE = 0xC612_0000 + 256;
    private static final int IPV4_SERVER = 0xC612_000A;
    private static final long IPV6_CLIENT_HI = 0x2001_0DB8_0001_0000L;
    private static final long IPV6_SERVER_HI = 0x2001_0DB8_0000_0000L;
    private static final long IPV6_SERVER_LO = 0x10L;
    private static final int BURST_SEGMENTS = 10;
    private static final long DELAYED_ACK_MICROS = 40_000;
    private static final int MAX_SYN_RETRANSMITS = 4;

    private static final int P_SYN = 0;
    private static final int P_REFUSE = 1;
    private static final int P_SYNACK = 2;
    private static final int P_HANDSHAKE_ACK = 3;
    private static final int P_REQUEST = 4;
    private static final int P_SERVER_DELAYED_ACK = 5;
    private static final int P_RESPONSE = 6;
    private static final int P_CLIENT_ACKS = 7;
    private static final int P_CLIENT_FIN = 8;
    private static final int P_SERVER_ACK_FIN = 9;
    private static final int P_SERVER_FIN = 10;
    private static final int P_SERVER_FIN_ACK = 11;
    private static final int P_CLIENT_LAST_ACK = 12;
    private static final int P_SERVER_FIRST_FIN = 13;
    private static final int P_CLIENT_ACK_FIN = 14;
    private static final int P_CLIENT_FIN_SECOND = 15;
    private static final int P_SERVER_LAST_ACK = 16;
    private static final int P_CLIENT_RST = 17;

    private final SplittableRandom random;
    private final PacketEmitter emitter;
    private final GroundTruth truth;
    private final long timeWaitMicros;
    private int nextTupleIndex;

    TrafficModel(final long seed, final PacketEmitter emitter, final GroundTruth truth, final long timeWaitMicros)
    {
        this.random = new SplittableRandom(seed);
        this.emitter = emitter;
        this.truth = truth;
        this.timeWaitMicros = timeWaitMicros;
    }

    /** @return a connection on a 4-tuple never used before, starting with its SYN at {@code startMicros}. */
    Connection newConnection(final long startMicros)
    {
        final int i = nextTupleIndex++;
        // (i mod H) * a mod H is a bijection on each block of H indexes and the port is a bijection of the block
        // number, so no 4-tuple repeats by accident (up to H * 28232 connections); reuse is only ever deliberate.
        final int block = i / HOSTS;
        final int host = (int)((long)(i % HOSTS) * HOST_MULTIPLIER % HOSTS);
        if (block >= EPHEMERAL_COUNT)
        {
            throw new IllegalStateException("too many connections for the client address plan: " + i);
        }
        final Connection c = new Connection();
        c.ipv6 = host % 10 == 3;
        if (c.ipv6)
        {
            c.clientHi = IPV6_CLIENT_HI | (host >>> 16);
            c.clientLo = (mix(host) & 0xFFFF_FFFF_0000_0000L) | host;
            c.serverHi = IPV6_SERVER_HI;
            c.serverLo = IPV6_SERVER_LO;
            c.segmentPayload = 1440 - 12;
        }
        else
        {
            c.clientLo = FrameEncoder.v4Mapped(IPV4_CLIENT_BASE + host);
            c.serverLo = FrameEncoder.v4Mapped(IPV4_SERVER);
            c.segmentPayload = 1460 - 12;
        }
        c.clientPort = EPHEMERAL_FIRST + (int)(((long)block * PORT_STRIDE + host * 131L) % EPHEMERAL_COUNT);
        c.serverPort = (host + block) % 5 == 0 ? 80 : 443;
        c.clientTtl = 64 - (int)(mix(host * 31L) & 15);
        c.flowHash = FlowHash.of(c.clientHi, c.clientLo, c.clientPort, c.serverHi, c.serverLo, c.serverPort, 0);
        c.clientTsBase = (int)mix(host);
        start(c, startMicros, false);
        return c;
    }

    /** @return a new connection by the same client on the same 4-tuple as {@code old}, starting later. */
    private Connection reuse(final Connection old, final long startMicros)
    {
        final Connection c = new Connection();
        c.ipv6 = old.ipv6;
        c.clientHi = old.clientHi;
        c.clientLo = old.clientLo;
        c.serverHi = old.serverHi;
        c.serverLo = old.serverLo;
        c.clientPort = old.clientPort;
        c.serverPort = old.serverPort;
        c.segmentPayload = old.segmentPayload;
        c.clientTtl = old.clientTtl;
        c.flowHash = old.flowHash;
        c.clientTsBase = old.clientTsBase;
        c.generation = old.generation + 1;
        start(c, startMicros, true);
        return c;
    }

    private void start(final Connection c, final long startMicros, final boolean reuse)
    {
        c.nextTime = startMicros;
        c.phase = P_SYN;
        c.clientIsn = random.nextInt();
        c.serverIsn = random.nextInt();
        c.clientIpId = random.nextInt(65_536);
        c.serverIpId = random.nextInt(65_536);
        c.serverTsBase = random.nextInt();
        c.clientFlowLabel = random.nextInt(1 << 20);
        c.serverFlowLabel = random.nextInt(1 << 20);
        c.rttMicros = (int)logUniform(300, 150_000);
        c.rtoMicros = 1_000_000;
        c.firstRequest = true;
        final double u = random.nextDouble();
        if (!reuse && u < 0.03)
        {
            c.kind = Connection.KIND_UNANSWERED_SYN;
            c.synRetransmitsLeft = 1 + random.nextInt(MAX_SYN_RETRANSMITS);
            return;
        }
        if (!reuse && u < 0.05)
        {
            c.kind = Connection.KIND_REFUSED;
            return;
        }
        final double k = random.nextDouble();
        c.kind = k < 0.62 ? Connection.KIND_CLIENT_FIN
            : k < 0.75 ? Connection.KIND_CLIENT_FIN_3WAY
            : k < 0.87 ? Connection.KIND_SERVER_FIN
            : k < 0.94 ? Connection.KIND_CLIENT_RST
            : Connection.KIND_NEVER_CLOSED;
        // A server whose accept queue overflowed drops the first SYN now and then.
        c.synRetransmitsLeft = random.nextDouble() < 0.01 ? 1 : 0;
        int requests = 1;
        while (requests < 20 && random.nextDouble() < 0.3)
        {
            requests++;
        }
        c.requestsLeft = requests;
    }

    /**
     * Emits the connection's next packet and schedules the one after ({@code c.nextTime}) or marks it done.
     *
     * @param c   the connection due now.
     * @param now capture time of this packet, microseconds.
     * @return a connection reusing this one's 4-tuple, to schedule, or null.
     * @throws IOException from the sink.
     */
    Connection step(final Connection c, final long now) throws IOException
    {
        switch (c.phase)
        {
            case P_SYN:
                return syn(c, now);

            case P_REFUSE:
                emitter.emit(now, c, false, TcpSegment.RST | TcpSegment.ACK, 0, c.clientIsn + 1, 0,
                    FrameEncoder.OPTS_NONE, 0, 0);
                truth.setStates(c, TcpState.CLOSED, TcpState.CLOSED);
                c.done = true;
                return null;

            case P_SYNACK:
                emitter.emit(now, c, false, TcpSegment.SYN | TcpSegment.ACK, c.serverIsn, c.clientNext, 0,
                    FrameEncoder.OPTS_SYN, 65_160, 0);
                c.serverNext = c.serverIsn + 1;
                truth.setStates(c, TcpState.SYN_SENT, TcpState.SYN_RECV);
                next(c, P_HANDSHAKE_ACK, now + c.rttMicros);
                return null;

            case P_HANDSHAKE_ACK:
                emitClient(c, now, TcpSegment.ACK, 0, 0);
                truth.setStates(c, TcpState.ESTABLISHED, TcpState.ESTABLISHED);
                startRequest(c);
                next(c, P_REQUEST, now + uniform(20, 500));
                return null;

            case P_REQUEST:
                return request(c, now);

            case P_SERVER_DELAYED_ACK:
                emitServer(c, now, TcpSegment.ACK, 0, 0);
                next(c, P_RESPONSE, now + c.pendingThinkMicros);
                return null;

            case P_RESPONSE:
                return response(c, now);

            case P_CLIENT_ACKS:
                return clientAcks(c, now);

            case P_CLIENT_FIN:
                emitClient(c, now, TcpSegment.FIN | TcpSegment.ACK, 0, 0);
                c.clientNext++;
                truth.setStates(c, TcpState.FIN_WAIT_1, c.serverState);
                if (c.kind == Connection.KIND_CLIENT_FIN_3WAY)
                {
                    next(c, P_SERVER_FIN_ACK, now + uniform(20, 200));
                }
                else
                {
                    next(c, P_SERVER_ACK_FIN, now + uniform(20, 80));
                }
                return null;

            case P_SERVER_ACK_FIN:
                emitServer(c, now, TcpSegment.ACK, 0, 0);
                truth.setStates(c, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT);
                next(c, P_SERVER_FIN, now + logUniform(30, 2_000));
                return null;

            case P_SERVER_FIN:
            case P_SERVER_FIN_ACK:
                // With the 3-way close the ACK of the client's FIN rides on this segment: received before sent,
                // so the server passes through CLOSE_WAIT to LAST_ACK and the client reaches FIN_WAIT_2 alike.
                emitServer(c, now, TcpSegment.FIN | TcpSegment.ACK, 0, 0);
                c.serverNext++;
                truth.setStates(c, TcpState.FIN_WAIT_2, TcpState.LAST_ACK);
                next(c, P_CLIENT_LAST_ACK, now + c.rttMicros);
                return null;

            case P_CLIENT_LAST_ACK:
                emitClient(c, now, TcpSegment.ACK, 0, 0);
                truth.setStates(c, TcpState.TIME_WAIT, TcpState.CLOSED);
                truth.onTimeWait(c, true, now);
                c.done = true;
                return maybeReuse(c, now, true);

            case P_SERVER_FIRST_FIN:
                emitServer(c, now, TcpSegment.FIN | TcpSegment.ACK, 0, 0);
                c.serverNext++;
                truth.setStates(c, c.clientState, TcpState.FIN_WAIT_1);
                next(c, P_CLIENT_ACK_FIN, now + c.rttMicros);
                return null;

            case P_CLIENT_ACK_FIN:
                emitClient(c, now, TcpSegment.ACK, 0, 0);
                truth.setStates(c, TcpState.CLOSE_WAIT, TcpState.FIN_WAIT_2);
                next(c, P_CLIENT_FIN_SECOND, now + logUniform(100, 20_000));
                return null;

            case P_CLIENT_FIN_SECOND:
                emitClient(c, now, TcpSegment.FIN | TcpSegment.ACK, 0, 0);
                c.clientNext++;
                truth.setStates(c, TcpState.LAST_ACK, TcpState.FIN_WAIT_2);
                next(c, P_SERVER_LAST_ACK, now + uniform(20, 80));
                return null;

            case P_SERVER_LAST_ACK:
                emitServer(c, now, TcpSegment.ACK, 0, 0);
                truth.setStates(c, TcpState.CLOSED, TcpState.TIME_WAIT);
                truth.onTimeWait(c, false, now);
                c.done = true;
                return maybeReuse(c, now, true);

            case P_CLIENT_RST:
                // Sequence number = what the server last acknowledged: inside its window, so acceptable.
                emitter.emit(now, c, true, TcpSegment.RST | TcpSegment.ACK, c.clientNext, c.serverNext, 0,
                    FrameEncoder.OPTS_NONE, 0, 0);
                truth.setStates(c, TcpState.CLOSED, TcpState.CLOSED);
                c.done = true;
                return maybeReuse(c, now, false);

            default:
                throw new IllegalStateException("phase " + c.phase);
        }
    }

    private Connection syn(final Connection c, final long now) throws IOException
    {
        emitter.emit(now, c, true, TcpSegment.SYN, c.clientIsn, 0, 0, FrameEncoder.OPTS_SYN, 64_240, 0);
        if (c.clientNext == c.clientIsn + 1 && c.clientState == TcpState.SYN_SENT)
        {
            truth.synRetransmits++;
        }
        else
        {
            c.clientNext = c.clientIsn + 1;
            truth.onNewConnection(c);
            if (c.generation > 0)
            {
                truth.portReuses++;
                if (c.reuseAfterRst)
                {
                    truth.portReusesAfterRst++;
                }
                else
                {
                    truth.portReusesAfterTimeWait++;
                }
            }
        }
        if (c.synRetransmitsLeft > 0)
        {
            c.synRetransmitsLeft--;
            next(c, P_SYN, now + c.rtoMicros);
            c.rtoMicros *= 2;
        }
        else if (c.kind == Connection.KIND_UNANSWERED_SYN)
        {
            c.done = true;
        }
        else if (c.kind == Connection.KIND_REFUSED)
        {
            next(c, P_REFUSE, now + uniform(15, 60));
        }
        else
        {
            next(c, P_SYNACK, now + uniform(15, 80));
        }
        return null;
    }

    private void startRequest(final Connection c)
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
            c.requestBytesLeft = (int)logUniform(60, 1_200);
        }
        c.requestSegmentsLeft = (c.requestBytesLeft + mss - 1) / mss;
        c.requestStarted = false;
    }

    private Connection request(final Connection c, final long now) throws IOException
    {
        final int length = Math.min(c.requestBytesLeft, c.segmentPayload);
        final int style = c.requestStarted ? FrameEncoder.PAYLOAD_CONTINUATION
            : c.firstRequest ? FrameEncoder.PAYLOAD_FIRST_REQUEST : FrameEncoder.PAYLOAD_REQUEST;
        c.requestStarted = true;
        emitClient(c, now, TcpSegment.ACK | TcpSegment.PSH, length, style);
        c.clientNext += length;
        c.requestBytesLeft -= length;
        c.requestSegmentsLeft--;
        if (c.requestSegmentsLeft > 0)
        {
            next(c, P_REQUEST, now + uniform(2, 20));
            return null;
        }
        c.firstRequest = false;
        c.responseBytesLeft = responseBytes(c.segmentPayload);
        c.responseStarted = false;
        final double u = random.nextDouble();
        final long think = u < 0.70 ? logUniform(80, 5_000) : u < 0.95 ? logUniform(5_000, 40_000)
            : logUniform(40_000, 300_000);
        if (think > DELAYED_ACK_MICROS)
        {
            c.pendingThinkMicros = think - DELAYED_ACK_MICROS;
            next(c, P_SERVER_DELAYED_ACK, now + DELAYED_ACK_MICROS);
        }
        else
        {
            next(c, P_RESPONSE, now + think);
        }
        return null;
    }

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

    private Connection response(final Connection c, final long now) throws IOException
    {
        if (c.burstSegments == 0)
        {
            c.burstStartSeq = c.serverNext;
        }
        final int length = (int)Math.min(c.responseBytesLeft, c.segmentPayload);
        final boolean last = length == c.responseBytesLeft;
        final int style = c.responseStarted ? FrameEncoder.PAYLOAD_CONTINUATION : FrameEncoder.PAYLOAD_RESPONSE;
        emitServer(c, now, TcpSegment.ACK | (last ? TcpSegment.PSH : 0), length, style);
        c.responseStarted = true;
        c.serverNext += length;
        c.responseBytesLeft -= length;
        c.burstSegments++;
        if (!last && c.burstSegments < BURST_SEGMENTS)
        {
            // Back-to-back segments: ~12 µs apart at 1 Gb/s.
            next(c, P_RESPONSE, now + uniform(8, 16));
            return null;
        }
        c.burstAcksTotal = (c.burstSegments + 1) / 2;
        c.burstAcksDone = 0;
        next(c, P_CLIENT_ACKS, now + c.rttMicros);
        return null;
    }

    private Connection clientAcks(final Connection c, final long now) throws IOException
    {
        c.burstAcksDone++;
        final boolean lastAck = c.burstAcksDone == c.burstAcksTotal;
        // One ACK per two full segments (delayed ACK); the last one covers everything the burst carried.
        final int ack = lastAck ? c.serverNext : c.burstStartSeq + 2 * c.burstAcksDone * c.segmentPayload;
        emitter.emit(now, c, true, TcpSegment.ACK, c.clientNext, ack, 0, FrameEncoder.OPTS_TS, 502, 0);
        if (!lastAck)
        {
            next(c, P_CLIENT_ACKS, now + uniform(2, 15));
            return null;
        }
        c.burstSegments = 0;
        if (c.responseBytesLeft > 0)
        {
            next(c, P_RESPONSE, now + uniform(10, 30));
            return null;
        }
        if (c.requestsLeft > 0)
        {
            startRequest(c);
            next(c, P_REQUEST, now + logUniform(1_000, 2_000_000));
            return null;
        }
        switch (c.kind)
        {
            case Connection.KIND_CLIENT_FIN:
            case Connection.KIND_CLIENT_FIN_3WAY:
                next(c, P_CLIENT_FIN, now + logUniform(100, 100_000));
                break;
            case Connection.KIND_SERVER_FIN:
                // The server's keep-alive timeout closes the idle connection.
                next(c, P_SERVER_FIRST_FIN, now + uniform(5_000_000, 15_000_000));
                break;
            case Connection.KIND_CLIENT_RST:
                next(c, P_CLIENT_RST, now + logUniform(1_000, 500_000));
                break;
            default:
                c.done = true;
                break;
        }
        return null;
    }

    /**
     * Now and then the same client port comes back to the same server. After a RST both ends are CLOSED, so it
     * may come back soon; after a FIN close it waits out TIME_WAIT (plus a margin), so the old record is CLOSED
     * without doubt by the time the new SYN arrives.
     */
    private Connection maybeReuse(final Connection c, final long now, final boolean afterTimeWait)
    {
        if (c.generation > 0 || random.nextDouble() >= 0.04)
        {
            return null;
        }
        if (afterTimeWait)
        {
            return reuse(c, now + timeWaitMicros + uniform(1_000_000, 5_000_000));
        }
        final Connection c2 = reuse(c, now + uniform(200_000, 3_000_000));
        c2.reuseAfterRst = true;
        return c2;
    }

    private void emitClient(final Connection c, final long now, final int flags, final int length, final int style)
        throws IOException
    {
        emitter.emit(now, c, true, flags, c.clientNext, c.serverNext, length, FrameEncoder.OPTS_TS, 502, style);
    }

    private void emitServer(final Connection c, final long now, final int flags, final int length, final int style)
        throws IOException
    {
        emitter.emit(now, c, false, flags, c.serverNext, c.clientNext, length, FrameEncoder.OPTS_TS, 509, style);
    }

    private static void next(final Connection c, final int phase, final long at)
    {
        c.phase = phase;
        c.nextTime = at;
    }

    private long uniform(final long lo, final long hi)
    {
        return lo + random.nextLong(hi - lo + 1);
    }

    private long logUniform(final double lo, final double hi)
    {
        return (long)Math.exp(Math.log(lo) + random.nextDouble() * (Math.log(hi) - Math.log(lo)));
    }

    /** Exponential inter-arrival gap, microseconds, for {@code ratePerSecond} arrivals a second. */
    long exponentialGap(final double ratePerSecond)
    {
        return (long)(-Math.log(1.0 - random.nextDouble()) * 1_000_000.0 / ratePerSecond);
    }

    private static long mix(final long v)
    {
        long z = v + 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
