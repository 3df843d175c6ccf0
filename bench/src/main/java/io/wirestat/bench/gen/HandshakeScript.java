package io.wirestat.bench.gen;

import io.wirestat.tracker.decode.TcpSegment;
import io.wirestat.tracker.state.TcpState;

import java.io.IOException;

/**
 * The {@link TrafficModel}'s opening packets: the client's SYN (retransmitted at 1, 3, 7, 15 s while unanswered),
 * the server's SYN-ACK or refusing RST-ACK, and the client's ACK that completes the handshake and leads to its
 * first request. Not thread safe; generator thread only.
 */
final class HandshakeScript
{
    private final PacketEmitter emitter;
    private final GroundTruth truth;
    private final TrafficRandom random;
    private final ExchangeScript exchange;

    HandshakeScript(
        final PacketEmitter emitter, final GroundTruth truth, final TrafficRandom random,
        final ExchangeScript exchange)
    {
        this.emitter = emitter;
        this.truth = truth;
        this.random = random;
        this.exchange = exchange;
    }

    /** {@link Phase#SYN}: the first SYN counts a new connection (or a port reuse), a later one a retransmit. */
    void syn(final Connection c, final long now) throws IOException
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
            Phase.next(c, Phase.SYN, now + c.rtoMicros);
            c.rtoMicros *= 2;
        }
        else if (c.kind == Connection.KIND_UNANSWERED_SYN)
        {
            c.done = true;
        }
        else if (c.kind == Connection.KIND_REFUSED)
        {
            Phase.next(c, Phase.REFUSE, now + random.uniform(15, 60));
        }
        else
        {
            Phase.next(c, Phase.SYNACK, now + random.uniform(15, 80));
        }
    }

    /** {@link Phase#REFUSE}: the server refuses the SYN with RST-ACK, and the connection is over. */
    void refuse(final Connection c, final long now) throws IOException
    {
        emitter.emit(now, c, false, TcpSegment.RST | TcpSegment.ACK, 0, c.clientIsn + 1, 0,
            FrameEncoder.OPTS_NONE, 0, 0);
        truth.setStates(c, TcpState.CLOSED, TcpState.CLOSED);
        c.done = true;
    }

    /** {@link Phase#SYNACK}. */
    void synAck(final Connection c, final long now) throws IOException
    {
        emitter.emit(now, c, false, TcpSegment.SYN | TcpSegment.ACK, c.serverIsn, c.clientNext, 0,
            FrameEncoder.OPTS_SYN, 65_160, 0);
        c.serverNext = c.serverIsn + 1;
        truth.setStates(c, TcpState.SYN_SENT, TcpState.SYN_RECV);
        Phase.next(c, Phase.HANDSHAKE_ACK, now + c.rttMicros);
    }

    /** {@link Phase#HANDSHAKE_ACK}: both ends ESTABLISHED; the client's first request follows shortly. */
    void handshakeAck(final Connection c, final long now) throws IOException
    {
        emitter.emitClient(c, now, TcpSegment.ACK, 0, 0);
        truth.setStates(c, TcpState.ESTABLISHED, TcpState.ESTABLISHED);
        exchange.startRequest(c);
        Phase.next(c, Phase.REQUEST, now + random.uniform(20, 500));
    }
}
