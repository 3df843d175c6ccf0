package io.wirestat.tracker.detect;

import java.util.List;

/**
 * The stable snake_case names of every alert kind ({@link Alert#kind()}): used by {@code --fail-on}, in JSONL and in
 * expected files, so never renamed. Stateless; thread safe.
 */
public final class AlertKind
{
    /** An endpoint in CLOSE_WAIT, silent since the peer's FIN: its application never calls close(). */
    public static final String STUCK_CLOSE_WAIT = "stuck_close_wait";
    /** An endpoint in CLOSE_WAIT for long but still sending data: a legitimate half-close (info). */
    public static final String HALF_CLOSE_ACTIVE = "half_close_active";
    /** An endpoint in FIN_WAIT_2 for long: the peer never closes its side. */
    public static final String STUCK_FIN_WAIT_2 = "stuck_fin_wait_2";
    /** An endpoint in LAST_ACK retransmitting its FIN: the final ACK is lost. */
    public static final String LAST_ACK_LOST = "last_ack_lost";
    /** A peer retransmitting its FIN while the other side is in TIME_WAIT: the active closer's ACKs are lost. */
    public static final String FIN_RETRANSMIT_IN_TIME_WAIT = "fin_retransmit_in_time_wait";
    /** Many TIME_WAIT on one client-to-service path at once: the client's ephemeral ports run out. */
    public static final String TIME_WAIT_PILEUP = "time_wait_pileup";
    /** A new SYN on a 4-tuple still in TIME_WAIT. */
    public static final String TIME_WAIT_REUSE = "time_wait_reuse";
    /** A SYN never answered: a black hole or a filter. */
    public static final String SYN_UNANSWERED = "syn_unanswered";
    /** A SYN-ACK never acknowledged: the server is stuck in SYN_RECV. */
    public static final String SYN_RECV_STUCK = "syn_recv_stuck";
    /** Many half-open connections from many sources to one service. */
    public static final String SYN_FLOOD = "syn_flood";
    /** One side keeps probing, the other has been silent for long: the peer is probably gone. */
    public static final String PEER_GONE = "peer_gone";
    /** A RST answering data on an established connection: the resetting host lost the connection's state. */
    public static final String RST_AFTER_DATA = "rst_after_data";
    /** The capture holds only one direction of a connection (info; not a half-open connection). */
    public static final String ONE_DIRECTIONAL = "one_directional";

    /** Every kind, in documentation order. */
    public static final List<String> ALL = List.of(
        STUCK_CLOSE_WAIT, HALF_CLOSE_ACTIVE, STUCK_FIN_WAIT_2, LAST_ACK_LOST, FIN_RETRANSMIT_IN_TIME_WAIT,
        TIME_WAIT_PILEUP, TIME_WAIT_REUSE, SYN_UNANSWERED, SYN_RECV_STUCK, SYN_FLOOD, PEER_GONE, RST_AFTER_DATA,
        ONE_DIRECTIONAL);

    private AlertKind()
    {
    }
}
