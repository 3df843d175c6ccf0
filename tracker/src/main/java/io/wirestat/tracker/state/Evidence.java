package io.wirestat.tracker.state;

import java.util.List;

/**
 * The reason codes of {@link StateCertainty}: why an endpoint's state is not certain, each with the rule in
 * docs/state-model.md ("What the wire cannot decide"). Stable snake_case spellings: they are written to jsonl and
 * may be matched on.
 */
public final class Evidence
{
    /** The wire decides the state. */
    public static final String OBSERVED = "observed";
    /** The peer's FIN is on the wire and was never acknowledged: not received, or received and the ACK lost. */
    public static final String FIN_UNACKNOWLEDGED = "fin_unacknowledged";
    /** Both FINs crossed and one is unacknowledged: each receipt (of the peer's FIN, of its ACK) may have failed. */
    public static final String CROSSING_FINS_UNACKNOWLEDGED = "crossing_fins_unacknowledged";
    /** The endpoint's FIN was acknowledged on the wire and it retransmitted the FIN after: the ACK did not arrive. */
    public static final String FIN_RETRANSMITTED_AFTER_ACK = "fin_retransmitted_after_ack";
    /** The SYN-ACK's sender retransmitted it after the peer's ACK was on the wire: the ACK did not arrive. */
    public static final String SYNACK_RETRANSMITTED_AFTER_ACK = "synack_retransmitted_after_ack";
    /** The SYN-ACK is on the wire and was never acknowledged, and the client did not repeat its SYN after it. */
    public static final String SYNACK_UNACKNOWLEDGED = "synack_unacknowledged";
    /** The endpoint sent nothing; the peer's SYNs went unanswered. */
    public static final String SENT_NOTHING = "sent_nothing";
    /** The endpoint went silent while its peer retransmits or probes unanswered: it may be gone. */
    public static final String PEER_SILENT = "peer_silent";
    /** Picked up mid-stream, and this side sent no data: a FIN may have passed before the capture began. */
    public static final String PICKED_UP_MIDSTREAM = "picked_up_midstream";

    /** Every code, {@link #OBSERVED} first. */
    public static final List<String> ALL = List.of(OBSERVED, FIN_UNACKNOWLEDGED, CROSSING_FINS_UNACKNOWLEDGED,
        FIN_RETRANSMITTED_AFTER_ACK, SYNACK_RETRANSMITTED_AFTER_ACK, SYNACK_UNACKNOWLEDGED, SENT_NOTHING, PEER_SILENT,
        PICKED_UP_MIDSTREAM);

    private Evidence()
    {
    }
}
