#!/usr/bin/env bash
# Highest packet rate `wirestat live` sustains with zero drops, next to `tcpdump -w /dev/null` on the same traffic.
#
#   sudo bench/live-throughput.sh [FILE] [RATES]
#
# FILE  (default bench/data/live-small.pcap, generated with CaptureGenerator --scale 0.03 if absent): replayed with
#       tcpreplay from inside a network namespace onto one end of a veth pair; both tools capture the other end, in
#       this namespace, with the filter 'tcp'.
# RATES (default "25000 50000 100000 200000 400000 800000"): packets per second tried, in order, each with the first
#       LIMIT packets of FILE (LIMIT=200000 by default).
# REPEAT=N runs the whole list N times (consecutive runs, for "zero drops every time"); SKIP_TCPDUMP=1 leaves tcpdump
# out; WIRESTAT_OPTS adds wirestat options (e.g. "-B 4096"), JAVA_OPTS JVM options (e.g. -Xlog:gc:file=gc.log);
# WLOG=DIR keeps each run's stderr there. Every line ends with the 1-minute load average when the run ended.
# A run has "zero drops" when libpcap's dropped and interface-dropped counts and wirestat's ring_overflow are 0 and
# the tool saw every replayed packet. Needs root (namespaces, capture) and tcpreplay (apt-get install tcpreplay).
# Everything it creates (namespace wstbench, veth wsbA/wsbB) is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

FILE="${1:-bench/data/live-small.pcap}"
RATES="${2:-25000 50000 100000 200000 400000 800000}"
LIMIT="${LIMIT:-200000}"
REPEAT="${REPEAT:-1}"
WIRESTAT_OPTS="${WIRESTAT_OPTS:-}"
JAVA_OPTS="${JAVA_OPTS:-}"
WLOG="${WLOG:-}"
JAR="${JAR:-capture/target/wirestat.jar}"
NS=wstbench

[[ $(id -u) == 0 ]] || { echo "live-throughput: needs root (network namespaces, capture)" >&2; exit 2; }
command -v tcpreplay > /dev/null || { echo "live-throughput: tcpreplay missing: apt-get install tcpreplay" >&2; exit 2; }
[[ -f "$JAR" ]] || mvn -o -q -B -DskipTests -pl capture -am package
if [[ ! -f "$FILE" ]]; then
    [[ -f bench/target/benchmarks.jar ]] || mvn -o -q -B -DskipTests -pl bench -am package
    mkdir -p "$(dirname "$FILE")"
    java -cp bench/target/benchmarks.jar io.wirestat.bench.gen.CaptureGenerator -o "$FILE" --scale 0.03 --quiet
fi

cleanup() { ip link del wsbA 2> /dev/null || true; ip netns del "$NS" 2> /dev/null || true; rm -f "${REPLAY_OUT:-}"; }
trap cleanup EXIT
cleanup
ip netns add "$NS"
ip link add wsbA type veth peer name wsbB
ip link set wsbB netns "$NS"
ip link set wsbA up
ip netns exec "$NS" ip link set wsbB up
# The generator's addresses are not ours: nothing in this namespace answers the replayed frames.
sysctl -q -w net.ipv6.conf.wsbA.disable_ipv6=1 || true
sleep 0.5

REPLAY_OUT=$(mktemp)
replay() # RATE; tcpreplay's own report of the rate it reached goes to $REPLAY_OUT
{
    ip netns exec "$NS" tcpreplay -q -i wsbB --pps="$1" --limit="$LIMIT" "$FILE" > "$REPLAY_OUT" 2>&1
}

sent_pps() # the packets/s tcpreplay says it sent in the last replay
{
    sed -n 's/^Rated:.* \([0-9.]*\) pps.*/\1/p' "$REPLAY_OUT" | head -1 | cut -d. -f1
}

wait_for() # FILE PATTERN
{
    for _ in $(seq 200); do grep -q "$2" "$1" 2> /dev/null && return 0; sleep 0.05; done
    return 1
}

# SIGTERM, not SIGINT: a non-interactive shell starts background jobs with SIGINT ignored, and a JVM keeps it so.
run_wirestat() # RATE -> "seen dropped ifdropped overflow"
{
    local err out pid
    err=$(mktemp); out=$(mktemp)
    # shellcheck disable=SC2086
    java $JAVA_OPTS -jar "$JAR" live -i wsbA -f tcp --format jsonl --interval 1h --time-wait 60s $WIRESTAT_OPTS \
        > "$out" 2> "$err" &
    pid=$!
    wait_for "$err" "capturing on" || { cat "$err" >&2; kill "$pid"; return 1; }
    replay "$1"
    sleep 1
    kill -TERM "$pid"; wait "$pid" || true
    python3 - "$out" << 'PY'
import json, sys
last = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]["counters"]
print(last["frames"], last["pcap_dropped"], last["pcap_if_dropped"], last["ring_overflow"])
PY
    if [[ -n "$WLOG" ]]; then mkdir -p "$WLOG"; cp "$err" "$WLOG/run-$1-$(date +%H%M%S%N).err"; fi
    rm -f "$err" "$out"
}

run_tcpdump() # RATE -> "seen dropped ifdropped 0"
{
    local err pid
    err=$(mktemp)
    tcpdump -i wsbA -n -s 128 -w /dev/null tcp 2> "$err" &
    pid=$!
    wait_for "$err" "listening on" || { cat "$err" >&2; kill "$pid"; return 1; }
    replay "$1"
    sleep 1
    kill -TERM "$pid"; wait "$pid" || true
    local seen dropped ifdropped
    seen=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$err")
    dropped=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$err")
    ifdropped=$(sed -n 's/^\([0-9]*\) packets dropped by interface.*/\1/p' "$err")
    echo "$seen $dropped ${ifdropped:-0} 0"
    rm -f "$err"
}

echo "file: $FILE, $LIMIT packets per rate; $(nproc) cores; $(java -version 2>&1 | head -1)"
echo "wirestat options: ${WIRESTAT_OPTS:-(defaults)}; JVM options: ${JAVA_OPTS:-(defaults)}"
printf '%-10s %10s %-10s %-32s %-32s %s\n' "pps" "replayed" "sent pps" "wirestat seen/drop/ifdrop/ring" \
    "tcpdump seen/drop/ifdrop" "load"
best_w=0; best_t=0; clean=0; runs=0
for _ in $(seq "$REPEAT"); do
    for rate in $RATES; do
        w=$(run_wirestat "$rate"); sent=$(sent_pps)
        if [[ -n "${SKIP_TCPDUMP:-}" ]]; then t="- - - -"; else t=$(run_tcpdump "$rate"); fi
        printf '%-10s %10s %-10s %-32s %-32s %s\n' "$rate" "$LIMIT" "$sent" "$w" "$t" "$(cut -d' ' -f1 /proc/loadavg)"
        read -r ws wd wi wo <<< "$w"; read -r ts td ti _ <<< "$t"
        runs=$((runs + 1))
        if [[ "$ws" == "$LIMIT" && "$wd" == 0 && "$wi" == 0 && "$wo" == 0 ]]; then best_w=$rate; clean=$((clean + 1)); fi
        if [[ "$ts" == "$LIMIT" && "$td" == 0 && "$ti" == 0 ]]; then best_t=$rate; fi
    done
done
echo "wirestat zero-drop runs: $clean of $runs"
echo "highest rate with zero drops (last pass): wirestat live $best_w pps, tcpdump -w /dev/null $best_t pps"
