package io.wirestat.bench.gen;

import io.wirestat.tracker.decode.TcpSegment;
import io.wirestat.tracker.state.TcpState;

import java.io.IOException;

/**
 * The {@link TrafficModel}'s endings: a client-first close in 4 packets (the server's ACK of the client's FIN, then
 * its own FIN) or in 3 (ACK and FIN in one segment), a server-first close, or a client RST. Once a connection has
 * ended, the same client may come back on its 4-tuple ({@link ConnectionStarter#maybeReuse}). Not thread safe;
 * generator thread only.
 */
final class CloseScript
{
    private final PacketEmitter emitter;
    private final GroundTruth truth;
    private final TrafficRandom random;
    private final ConnectionStarter starter;

    CloseScript(
        final PacketEmitter emitter, final GroundTruth truth, final TrafficRandom random,
        final ConnectionStarter starter)
    {
        this.emitter = emitter;
        this.truth = truth;
        this.random = random;
        this.starter = starter;
    }

    /** {@link Phase#CLIENT_FIN}: the client closes first. */
    void clientFin(final Connection c, final long now) throws IOException
    {
        emitter.emitClient(c, now, TcpSegment.FIN | TcpSegment.ACK, 0, 0);
        c.clientNext++;
        truth.setStates(c, TcpState.FIN_WAIT_1, c.serverState);
        if (c.kind == Connection.KIND_CLIENT_FIN_3WAY)
        {
            Phase.next(c, Phase.SERVER_FIN_ACK, now + random.uniform(20, 200));
        }
        else
        {
            Phase.next(c, Phase.SERVER_ACK_FIN, now + random.uniform(20, 80));
        }
    }

    /** {@link Phase#SERVER_ACK_FIN}: the server acknowledges the client's FIN and closes a little later. */
    void serverAckFin(final Connection c, final long now) throws IOException
    {
        emitter.emitServer(c, now, TcpSegment.ACK, 0, 0);
        truth.setStates(c, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT);
        Phase.next(c, Phase.SERVER_FIN, now + random.logUniform(30, 2_000));
    }

    /** {@link Phase#SERVER_FIN} and {@link Phase#SERVER_FIN_ACK}: the server's FIN after the client's. */
    void serverFin(final Connection c, final long now) throws IOException
    {
        // With the 3-way close the ACK of the client's FIN rides on this segment: received before sent,
        // so the server passes through CLOSE_WAIT to LAST_ACK and the client reaches FIN_WAIT_2 alike.
        emitter.emitServer(c, now, TcpSegment.FIN | TcpSegment.ACK, 0, 0);
        c.serverNext++;
        truth.setStates(c, TcpState.FIN_WAIT_2, TcpState.LAST_ACK);
        Phase.next(c, Phase.CLIENT_LAST_ACK, now + c.rttMicros);
    }

    /**
     * {@link Phase#CLIENT_LAST_ACK}: the client-first close ends, the client in TIME_WAIT.
     *
     * @return a connection reusing this one's 4-tuple, to schedule, or null.
     */
    Connection clientLastAck(final Connection c, final long now) throws IOException
    {
        emitter.emitClient(c, now, TcpSegment.ACK, 0, 0);
        truth.setStates(c, TcpState.TIME_WAIT, TcpState.CLOSED);
        truth.onTimeWait(c, true, now);
        c.done = true;
        return starter.maybeReuse(c, now, true);
    }

    /** {@link Phase#SERVER_FIRST_FIN}: the server closes first. */
    void serverFirstFin(final Connection c, final long now) throws IOException
    {
        emitter.emitServer(c, now, TcpSegment.FIN | TcpSegment.ACK, 0, 0);
        c.serverNext++;
        truth.setStates(c, c.clientState, TcpState.FIN_WAIT_1);
        Phase.next(c, Phase.CLIENT_ACK_FIN, now + c.rttMicros);
    }

    /** {@link Phase#CLIENT_ACK_FIN}: the client acknowledges the server's FIN and closes later. */
    void clientAckFin(final Connection c, final long now) throws IOException
    {
        emitter.emitClient(c, now, TcpSegment.ACK, 0, 0);
        truth.setStates(c, TcpState.CLOSE_WAIT, TcpState.FIN_WAIT_2);
        Phase.next(c, Phase.CLIENT_FIN_SECOND, now + random.logUniform(100, 20_000));
    }

    /** {@link Phase#CLIENT_FIN_SECOND}: the client's FIN after the server's. */
    void clientFinSecond(final Connection c, final long now) throws IOException
    {
        emitter.emitClient(c, now, TcpSegment.FIN | TcpSegment.ACK, 0, 0);
        c.clientNext++;
        truth.setStates(c, TcpState.LAST_ACK, TcpState.FIN_WAIT_2);
        Phase.next(c, Phase.SERVER_LAST_ACK, now + random.uniform(20, 80));
    }

    /**
     * {@link Phase#SERVER_LAST_ACK}: the server-first close ends, the server in TIME_WAIT.
     *
     * @return a connection reusing this one's 4-tuple, to schedule, or null.
     */
    Connection serverLastAck(final Connection c, final long now) throws IOException
    {
        emitter.emitServer(c, now, TcpSegment.ACK, 0, 0);
        truth.setStates(c, TcpState.CLOSED, TcpState.TIME_WAIT);
        truth.onTimeWait(c, false, now);
        c.done = true;
        return starter.maybeReuse(c, now, true);
    }

    /**
     * {@link Phase#CLIENT_RST}: the client aborts the connection.
     *
     * @return a connection reusing this one's 4-tuple, to schedule, or null.
     */
    Connection clientRst(final Connection c, final long now) throws IOException
    {
        // Sequence number = what the server last acknowledged: inside its window, so acceptable.
        emitter.emit(now, c, true, TcpSegment.RST | TcpSegment.ACK, c.clientNext, c.serverNext, 0,
            FrameEncoder.OPTS_NONE, 0, 0);
        truth.setStates(c, TcpState.CLOSED, TcpState.CLOSED);
        c.done = true;
        return starter.maybeReuse(c, now, false);
    }
}
