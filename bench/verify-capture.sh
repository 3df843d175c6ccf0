#!/usr/bin/env bash
# Checks a generated capture with independent tools (the bench module has no test dependencies, so this is the
# generator's test): tshark's TCP analysis must find no sequence/ACK anomaly and no bad IPv4 checksum, capinfos
# must find strictly increasing timestamps, and the packet, SYN-retransmission and port-reuse counts must match
# the generator's FILE.truth.tsv. When it generates the file itself, it also checks that a second run with the
# same seed gives the same bytes.
#
#   bench/verify-capture.sh [FILE]    (default: generates /tmp/wirestat-verify.pcap at scale 0.02, ~200 k packets)
#
# Exit 0 when every check passes, 1 otherwise. tshark keeps every packet in memory: keep FILE small.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FILE="${1:-}"
if [[ -z "$FILE" ]]; then
    FILE=/tmp/wirestat-verify.pcap
    [[ -f bench/target/benchmarks.jar ]] || mvn -o -q -pl bench -am -DskipTests package || exit 2
    java -cp bench/target/benchmarks.jar io.wirestat.bench.gen.CaptureGenerator -o "$FILE" --scale 0.02 --quiet \
        || exit 2
fi
for t in tshark capinfos; do
    command -v "$t" > /dev/null || { echo "$t not installed (package tshark / wireshark-common)"; exit 2; }
done
TRUTH="$FILE.truth.tsv"
truth() { awk -F'\t' -v s="$1" -v n="$2" '$1==s && $2==n {print $3}' "$TRUTH"; }

fail=0
GENERATED=0
[[ -z "${1:-}" ]] && GENERATED=1
check() { # name expected actual
    if [[ "$2" == "$3" ]]; then
        printf 'ok    %-40s %s\n' "$1" "$3"
    else
        printf 'FAIL  %-40s expected %s, got %s\n' "$1" "$2" "$3"
        fail=1
    fi
}

fields="$(tshark -r "$FILE" -o ip.check_checksum:TRUE -o tcp.analyze_sequence_numbers:TRUE -T fields \
    -e tcp.analysis.lost_segment -e tcp.analysis.ack_lost_segment -e tcp.analysis.out_of_order \
    -e tcp.analysis.duplicate_ack -e tcp.analysis.retransmission -e tcp.analysis.reused_ports \
    -e ip.checksum.status -e tcp.flags.syn -e tcp.flags.ack 2> /dev/null)"

count_col() { # column -> frames where the field is present (non-empty)
    awk -F'\t' -v c="$1" '$c != "" {n++} END {print n+0}' <<< "$fields"
}
packets="$(wc -l <<< "$fields" | tr -d ' ')"
check "packets (truth)" "$(truth summary packets)" "$packets"
check "previous segment not captured" 0 "$(count_col 1)"
check "ACKed unseen segment" 0 "$(count_col 2)"
check "out-of-order" 0 "$(count_col 3)"
check "duplicate ACK" 0 "$(count_col 4)"
# Every retransmission tshark sees must be a SYN (the only retransmissions the generator makes).
syn_retx="$(awk -F'\t' '$5 != "" && $8 == "1" && $9 == "0" {n++} END {print n+0}' <<< "$fields")"
check "retransmissions that are not SYNs" 0 "$(( $(count_col 5) - syn_retx ))"
check "SYN retransmissions (truth)" "$(truth counter syn_retransmits)" "$syn_retx"
check "port reuses (truth)" "$(truth counter port_reuses)" "$(count_col 6)"
check "bad IPv4 header checksums" 0 "$(awk -F'\t' '$7 == "0" {n++} END {print n+0}' <<< "$fields")"
if [[ $GENERATED -eq 1 ]]; then
    java -cp bench/target/benchmarks.jar io.wirestat.bench.gen.CaptureGenerator -o "$FILE.again" --scale 0.02 --quiet
    check "same seed, same bytes" "$(md5sum < "$FILE" | cut -d' ' -f1)" "$(md5sum < "$FILE.again" | cut -d' ' -f1)"
    rm -f "$FILE.again" "$FILE.again.truth.tsv"
fi
check "strict time order" "True" "$(capinfos -o -M "$FILE" | awk -F': *' '/Strict time order/ {print $2}')"
exit $fail
