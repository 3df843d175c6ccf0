package io.wirestat.bench.gen;

import java.io.IOException;

/**
 * The scripted lifecycle of a connection as a busy HTTP(S) server sees it, one packet per {@link #step} call:
 * handshake with options, request/response exchanges (bursts of up to 10 segments, delayed client ACKs every two
 * segments, a server delayed ACK when it thinks longer than 40 ms), then a client-first (4 or 3 packet) or
 * server-first close, a client RST, or nothing (never closed). Also unanswered SYNs retransmitted at 1, 3, 7, 15 s,
 * refused SYNs (RST-ACK), and clients reusing a 4-tuple after its previous connection ended.
 * <p>
 * This class runs the script, a connection's {@link Phase} saying which packet is next; the packets are written by
 * {@link HandshakeScript}, {@link ExchangeScript} and {@link CloseScript}, connections started by
 * {@link ConnectionStarter} on the 4-tuples of {@link ClientAddressPlan}.
 * <p>
 * The capture point is the server, so its replies follow what it receives by tens of microseconds, and the
 * client's by one round-trip time. Every random draw comes from one seeded generator ({@link TrafficRandom}) in
 * event order, so the same seed gives the same capture byte for byte. Not thread safe; generator thread only.
 */
final class TrafficModel
{
    private final TrafficRandom random;
    private final ConnectionStarter starter;
    private final HandshakeScript handshake;
    private final ExchangeScript exchange;
    private final CloseScript close;

    TrafficModel(final long seed, final PacketEmitter emitter, final GroundTruth truth, final long timeWaitMicros)
    {
        this.random = new TrafficRandom(seed);
        this.starter = new ConnectionStarter(random, timeWaitMicros);
        this.exchange = new ExchangeScript(emitter, random);
        this.handshake = new HandshakeScript(emitter, truth, random, exchange);
        this.close = new CloseScript(emitter, truth, random, starter);
    }

    /** @return a connection on a 4-tuple never used before, starting with its SYN at {@code startMicros}. */
    Connection newConnection(final long startMicros)
    {
        return starter.fresh(startMicros);
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
            case SYN -> handshake.syn(c, now);
            case REFUSE -> handshake.refuse(c, now);
            case SYNACK -> handshake.synAck(c, now);
            case HANDSHAKE_ACK -> handshake.handshakeAck(c, now);
            case REQUEST -> exchange.request(c, now);
            case SERVER_DELAYED_ACK -> exchange.serverDelayedAck(c, now);
            case RESPONSE -> exchange.response(c, now);
            case CLIENT_ACKS -> exchange.clientAcks(c, now);
            case CLIENT_FIN -> close.clientFin(c, now);
            case SERVER_ACK_FIN -> close.serverAckFin(c, now);
            case SERVER_FIN, SERVER_FIN_ACK -> close.serverFin(c, now);
            case SERVER_FIRST_FIN -> close.serverFirstFin(c, now);
            case CLIENT_ACK_FIN -> close.clientAckFin(c, now);
            case CLIENT_FIN_SECOND -> close.clientFinSecond(c, now);
            // The endings: only after one may the client come back on the same 4-tuple.
            case CLIENT_LAST_ACK ->
            {
                return close.clientLastAck(c, now);
            }
            case SERVER_LAST_ACK ->
            {
                return close.serverLastAck(c, now);
            }
            case CLIENT_RST ->
            {
                return close.clientRst(c, now);
            }
            default -> throw new IllegalStateException("phase " + c.phase);
        }
        return null;
    }

    /** Exponential inter-arrival gap, microseconds, for {@code ratePerSecond} arrivals a second. */
    long exponentialGap(final double ratePerSecond)
    {
        return random.exponentialGap(ratePerSecond);
    }
}
