package io.wirestat.tracker.state;

/**
 * Where on the path the capture was taken, as inferred from the handshakes' timing ({@link HandshakeTiming}): a host
 * answers a segment in microseconds, its peer only after a round trip, so at the client's host the client's ACK
 * follows the SYN-ACK far sooner than the SYN-ACK follows the SYN, and at the server's host the other way round. A
 * tap between them is nearer the side that answers sooner. Used only to choose the likelier of the states the
 * evidence leaves possible, never to decide a state. Immutable; thread safe.
 *
 * @param side  {@link #CLIENT}, {@link #SERVER} or {@link #UNKNOWN}.
 * @param basis what the inference rests on, for people (e.g. {@code 12 of 12 handshakes: SYN to SYN-ACK median
 *              310 us, SYN-ACK to ACK median 12 us}).
 */
public record CapturePoint(String side, String basis)
{
    /** The capture is at (or nearer) the clients. */
    public static final String CLIENT = "client";
    /** The capture is at (or nearer) the servers. */
    public static final String SERVER = "server";
    /** No complete handshake, or none that tells. */
    public static final String UNKNOWN = "unknown";

    /** No handshake seen. */
    public static final CapturePoint NONE = new CapturePoint(UNKNOWN, "no complete handshake in the capture");
    /** A report that does not infer it (live snapshots: each shard weighs its own handshakes). */
    public static final CapturePoint NOT_INFERRED = new CapturePoint(UNKNOWN, "not inferred for this report");

    /**
     * @param server true for the server side.
     * @return true if the capture is at (or nearer) that side's host.
     */
    public boolean at(final boolean server)
    {
        return side.equals(server ? SERVER : CLIENT);
    }
}
