#!/usr/bin/env bash
# Generates the kernel ground-truth fixtures: for each scenario, two fresh network namespaces joined by a veth pair
# (both ends inside them, nothing in the root namespace, 198.18.0.0/15 and fd00::/8 only), real sockets driven by
# driver.py, a tcpdump capture in the client namespace and `ss -tan` taken in both namespaces.
#
# Usage (as root):  generate.sh [--out DIR] [--quick] [SCENARIO...]
#   --out DIR   where <scenario>.pcap/.ss/.txt go (default: replay-fixtures/captures/kernel next to this script)
#   --quick     only the live-test subset: established time_wait_client_first close_wait refused
#   SCENARIO    run only these (see driver.py SCENARIOS); default all
# Needs: iproute2 (ip, ss, tc), tcpdump, nftables (nft), python3, coreutils (timeout).
# Re-runnable: output files are overwritten; namespaces are removed on exit, whatever happens.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/../captures/kernel"
QUICK=0
SCENARIOS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --out) OUT="$2"; shift 2 ;;
        --quick) QUICK=1; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) SCENARIOS+=("$1"); shift ;;
    esac
done

if [ "$(id -u)" -ne 0 ]; then
    echo "generate.sh: must run as root (network namespaces)" >&2
    exit 2
fi
for tool in ip ss tc tcpdump nft python3 timeout; do
    command -v "$tool" >/dev/null || { echo "generate.sh: missing tool: $tool" >&2; exit 2; }
done

ALL=(established time_wait_client_first time_wait_server_first close_wait last_ack last_ack_ack_lost fin_wait_1
     syn_sent refused syn_recv syn_recv_synack_lost closing abortive half_open half_open_keepalive port_reuse
     port_reuse_server_tw midstream midstream_close_wait established6 time_wait6 close_wait6 time_wait_pileup
     close_wait_pileup demo time_wait_ack_lost_server last_ack_final_ack_lost closing_acks_lost
     fin_wait_1_server_capture syn_recv_ack_lost syn_sent_synack_dropped client_vanished midstream_after_fin)
QUICK_SET=(established time_wait_client_first close_wait refused)
if [ ${#SCENARIOS[@]} -eq 0 ]; then
    if [ "$QUICK" -eq 1 ]; then SCENARIOS=("${QUICK_SET[@]}"); else SCENARIOS=("${ALL[@]}"); fi
fi

CLI="wsk-cli-$$"
SRV="wsk-srv-$$"

cleanup() {
    ip netns del "$CLI" 2>/dev/null || true
    ip netns del "$SRV" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

setup() {
    cleanup
    ip netns add "$CLI"
    ip netns add "$SRV"
    # Both veth ends are created directly inside the namespaces: no interface ever exists in the root namespace.
    ip link add vc netns "$CLI" type veth peer name vs netns "$SRV"
    ip -n "$CLI" link set lo up
    ip -n "$SRV" link set lo up
    ip -n "$CLI" addr add 198.18.0.1/30 dev vc
    ip -n "$SRV" addr add 198.18.0.2/30 dev vs
    ip -n "$CLI" -6 addr add fd00::1/64 dev vc nodad
    ip -n "$SRV" -6 addr add fd00::2/64 dev vs nodad
    ip -n "$CLI" link set vc up
    ip -n "$SRV" link set vs up
    # No router solicitations or DAD chatter needed; keep the captures to the test traffic.
    for ns in "$CLI" "$SRV"; do
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.router_solicitations=0 \
            net.ipv6.conf.default.router_solicitations=0 2>/dev/null || true
    done
    local i
    for i in $(seq 50); do
        if ip -n "$CLI" link show vc | grep -q 'state UP' && ip -n "$SRV" link show vs | grep -q 'state UP'; then
            return 0
        fi
        sleep 0.1
    done
    echo "generate.sh: veth did not come up" >&2
    return 1
}

mkdir -p "$OUT"
for scenario in "${SCENARIOS[@]}"; do
    ok=0
    for attempt in 1 2 3 4 5; do
        setup
        set +e
        timeout 150 python3 "$HERE/driver.py" --cli-ns "$CLI" --srv-ns "$SRV" --out "$OUT" "$scenario"
        rc=$?
        set -e
        if [ $rc -eq 0 ]; then ok=1; break; fi
        if [ $rc -ne 3 ]; then echo "generate.sh: $scenario failed (exit $rc)" >&2; exit 1; fi
        echo "generate.sh: $scenario: state not reached on attempt $attempt, retrying" >&2
    done
    if [ $ok -ne 1 ]; then echo "generate.sh: $scenario: gave up after 5 attempts" >&2; exit 1; fi
    echo "generate.sh: $scenario done"
done
cleanup
