package io.wirestat.bench.gen;

/**
 * The steps of a {@link TrafficModel} connection's script, each named after the packet it sends next
 * ({@link Connection#phase}): the handshake's ({@link HandshakeScript}), the exchanges' ({@link ExchangeScript}),
 * then the close's ({@link CloseScript}).
 */
enum Phase
{
    SYN,
    REFUSE,
    SYNACK,
    HANDSHAKE_ACK,

    REQUEST,
    SERVER_DELAYED_ACK,
    RESPONSE,
    CLIENT_ACKS,

    CLIENT_FIN,
    SERVER_ACK_FIN,
    SERVER_FIN,
    SERVER_FIN_ACK,
    CLIENT_LAST_ACK,
    SERVER_FIRST_FIN,
    CLIENT_ACK_FIN,
    CLIENT_FIN_SECOND,
    SERVER_LAST_ACK,
    CLIENT_RST;

    /** Schedules {@code c}'s next packet: {@code phase} at capture time {@code at} (µs). */
    static void next(final Connection c, final Phase phase, final long at)
    {
        c.phase = phase;
        c.nextTime = at;
    }
}
