package io.wirestat.bench.gen;

/**
 * One generated connection: its 4-tuple, both sides' sequence space and the step of its scripted lifecycle the
 * {@link TrafficModel} is at. Plain mutable fields, package private. Not thread safe; generator thread only.
 */
final class Connection
{
    /** How the connection goes: chosen at its start. */
    static final int KIND_CLIENT_FIN = 0;
    /** Client-first close where the server's ACK and FIN travel in one segment (3 packets). */
    static final int KIND_CLIENT_FIN_3WAY = 1;
    static final int KIND_SERVER_FIN = 2;
    static final int KIND_CLIENT_RST = 3;
    static final int KIND_NEVER_CLOSED = 4;
    static final int KIND_UNANSWERED_SYN = 5;
    static final int KIND_REFUSED = 6;
    static final int KIND_COUNT = 7;

    static final String[] KIND_NAMES =
    {
        "client_fin", "client_fin_3way", "server_fin", "client_rst", "never_closed", "unanswered_syn", "refused"
    };

    /** Sequence of insertion into the scheduler: a total order for equal times, so runs are reproducible. */
    long order;
    /** Capture time (microseconds) of this connection's next packet. */
    long nextTime;
    /** Which packet the connection sends next (null until it is started). */
    Phase phase;
    int kind;
    /** 0 for a fresh 4-tuple, 1 for a client reusing the 4-tuple of a finished connection. */
    int generation;
    /** For a reuse: the previous connection on the 4-tuple ended with a RST (else it waited out TIME_WAIT). */
    boolean reuseAfterRst;
    boolean done;

    long clientHi;
    long clientLo;
    long serverHi;
    long serverLo;
    int clientPort;
    int serverPort;
    boolean ipv6;
    int flowHash;
    int clientTtl;
    int clientFlowLabel;
    int serverFlowLabel;
    /** TCP payload bytes per full-sized segment (MSS minus the 12 bytes of timestamp option). */
    int segmentPayload;
    int rttMicros;

    int clientIsn;
    int serverIsn;
    /** Next sequence number each side will send. */
    int clientNext;
    int serverNext;
    int clientIpId;
    int serverIpId;
    int clientTsBase;
    int serverTsBase;
    int clientTsLast;
    int serverTsLast;

    int synRetransmitsLeft;
    int rtoMicros;
    int requestsLeft;
    int requestSegmentsLeft;
    int requestBytesLeft;
    boolean requestStarted;
    /** True until the first request has gone out (its captured bytes look like a ClientHello or a GET). */
    boolean firstRequest;
    long responseBytesLeft;
    boolean responseStarted;
    long pendingThinkMicros;
    int burstSegments;
    int burstStartSeq;
    int burstAcksTotal;
    int burstAcksDone;

    byte clientState;
    byte serverState;
    /** When the side left in TIME_WAIT entered it (µs), or -1. */
    long timeWaitSinceMicros = -1;

    /** Record number, 1-based in order of first packet (0 until the first SYN is out). */
    long recordNumber;
    long firstMicros;
    long lastMicros;
    long clientPackets;
    long serverPackets;
    long clientBytes;
    long serverBytes;
}
