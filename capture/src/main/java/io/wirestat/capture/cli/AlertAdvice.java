package io.wirestat.capture.cli;

import io.wirestat.tracker.detect.AlertKind;

import java.util.Map;

/**
 * What to do about an alert kind, said once for a group of alerts of that kind ({@link AlertTableWriter}): each
 * alert's own message names its subject and figures, and repeating the same advice for thousands of subjects buries
 * it. The sentences are the advice parts of the detectors' messages. Stateless; thread safe.
 */
final class AlertAdvice
{
    private static final Map<String, String> ADVICE = Map.ofEntries(
        Map.entry(AlertKind.STUCK_CLOSE_WAIT, "CLOSE_WAIT, silent since the peer closed: the applications read "
            + "end-of-file and never called close() (a socket leak). Find the processes with `ss -tanp state "
            + "close-wait` and fix their close path."),
        Map.entry(AlertKind.HALF_CLOSE_ACTIVE, "Long CLOSE_WAIT, still sending: a legitimate half-close (the peer "
            + "shut down its sending side and still reads), never a leak."),
        Map.entry(AlertKind.STUCK_FIN_WAIT_2, "FIN_WAIT_2 because the subject never closes its side (see "
            + "stuck_close_wait). Linux drops orphaned FIN_WAIT_2 after net.ipv4.tcp_fin_timeout."),
        Map.entry(AlertKind.LAST_ACK_LOST, "FINs retransmitted in LAST_ACK: the peers' final ACKs are lost (or the "
            + "peers are gone). Look for loss or a firewall dropping the packets of closing connections."),
        Map.entry(AlertKind.FIN_RETRANSMIT_IN_TIME_WAIT, "Peers retransmit their FIN into TIME_WAIT: the active "
            + "closer's final ACKs are lost on the way. Look for loss or a filter on the path back to the peer."),
        Map.entry(AlertKind.TIME_WAIT_PILEUP, "TIME_WAIT piles up toward the ephemeral port range: reuse connections "
            + "(keep-alive, a pool), set net.ipv4.tcp_tw_reuse=1 on the clients, or widen "
            + "net.ipv4.ip_local_port_range."),
        Map.entry(AlertKind.TIME_WAIT_REUSE, "SYNs reuse 4-tuples still in TIME_WAIT: clients cycle through their "
            + "ports faster than TIME_WAIT expires; reuse connections or widen net.ipv4.ip_local_port_range."),
        Map.entry(AlertKind.SYN_UNANSWERED, "SYNs got no answer: nothing reaches the services or nothing comes back. "
            + "A black hole, a firewall dropping, or the hosts down; check routes and filters."),
        Map.entry(AlertKind.SYN_RECV_STUCK, "SYN-ACKs never acknowledged: the clients' ACKs do not arrive (a filter "
            + "or asymmetric route on the return path) or the SYNs were spoofed."),
        Map.entry(AlertKind.SYN_FLOOD, "Half-open handshakes from many addresses: a SYN flood. Make sure "
            + "net.ipv4.tcp_syncookies is on, raise tcp_max_syn_backlog, and filter upstream."),
        Map.entry(AlertKind.PEER_GONE, "Silent while the other side keeps retransmitting or probing: probably gone "
            + "(crashed, rebooted, or a NAT or firewall dropped the flow)."),
        Map.entry(AlertKind.RST_AFTER_DATA, "Resets right after data: the resetting side lost the connections' state "
            + "(restarted, timed out, or a NAT or load balancer dropped the flow)."),
        Map.entry(AlertKind.ONE_DIRECTIONAL, "The capture holds one direction only (asymmetric routing, a one-way "
            + "mirror port, or a capture filter); these connections are not half-open."));

    private AlertAdvice()
    {
    }

    /**
     * @param kind an alert kind.
     * @return the advice for the kind; for a kind without one (none today), a pointer to the per-subject messages.
     */
    static String of(final String kind)
    {
        return ADVICE.getOrDefault(kind, "See each alert's message (--format jsonl).");
    }

    /**
     * @param kind an alert kind.
     * @return true if the kind has its own advice (a test checks every kind has).
     */
    static boolean has(final String kind)
    {
        return ADVICE.containsKey(kind);
    }
}
