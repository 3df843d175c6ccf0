#!/usr/bin/env bash
# The bounded flow table under a flood, at the issue's size: a SYN flood and a flood of ESTABLISHED flows that never
# close (FloodGenerator, PACKETS flood packets each, every flow from its own source in 10.0.0.0/8), each through
# `./wirestat analyze` and through `./wirestat live` on a veth pair, with --max-connections MAX. The launcher sizes
# the heap from MAX. Prints, per run: wall time, max RSS (/usr/bin/time -v), heap (from the GC log: the most ever
# used, and the most still live after a collection), the counters (connections, evictions, refusals, drops),
# whether syn_flood fired, and the states of the real connection that stays open through the flood.
#
#   sudo nice -n 19 bench/flood.sh [analyze|live|all]
#
# PACKETS (default 10000000), MAX (default 100000), PPS (tcpreplay's rate for live, default 100000), MODES (default
# "syn established": which floods),
# OUT (default bench/data/flood: outputs, GC logs, time -v reports). The capture files are kept in bench/data/
# (flood-MODE-PACKETS.pcap, about 0.8 GB each) and reused. `live` needs root and tcpreplay; everything it makes
# (namespace wsflood, veth wsfldA/wsfldB, its servers) is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

WHAT="${1:-all}"
PACKETS="${PACKETS:-10000000}"
MAX="${MAX:-100000}"
PPS="${PPS:-100000}"
OUT="${OUT:-bench/data/flood}"
NS=wsflood
mkdir -p bench/data "$OUT"

[[ -x /usr/bin/time ]] || { echo "flood: /usr/bin/time missing: apt-get install time" >&2; exit 2; }
./wirestat --version > /dev/null   # builds capture/target/wirestat.jar if it is stale
[[ -f bench/target/benchmarks.jar ]] || mvn -o -q -B -DskipTests -pl bench -am package

capture_file() # MODE -> the file, generated once
{
    local file="bench/data/flood-$1-$PACKETS.pcap"
    if [[ ! -f "$file" ]]; then
        java -cp bench/target/benchmarks.jar io.wirestat.bench.gen.FloodGenerator -o "$file" --mode "$1" \
            --packets "$PACKETS" >&2
    fi
    echo "$file"
}

# RUN MODE FILE JSONL TIME_V GC_LOG [REAL_CLIENT CLIENT_SS SERVER_SS] -> one line of figures
report()
{
    python3 - "$@" << 'PY'
import json, re, sys
run, mode, path, jsonl, timev, gclog = sys.argv[1:7]
real = sys.argv[7:]
summary, conns, alerts = None, {}, []
for line in open(jsonl):
    if not line.startswith('{'):
        continue
    o = json.loads(line)
    t = o.get('type')
    if t == 'summary' or ('counters' in o and t is None):
        summary = o
    elif t == 'connection':
        conns[o['client']] = o
    elif t == 'alert' or o.get('kind'):
        alerts.append(o.get('kind'))
c = summary['counters']
tv = open(timev).read()
rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', tv).group(1)) >> 10
wall = re.search(r'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)', tv).group(1)
unit = {'K': 1 / 1024, 'M': 1, 'G': 1024}
before = after = limit = 0
for m in re.finditer(r'(\d+)([KMG])->(\d+)([KMG])\((\d+)([KMG])\)', open(gclog).read()):
    before = max(before, int(m.group(1)) * unit[m.group(2)])
    after = max(after, int(m.group(3)) * unit[m.group(4)])
    limit = max(limit, int(m.group(5)) * unit[m.group(6)])
crafted = conns.get('192.0.2.10:40000', {})
line = (f"{run:8} {mode:12} frames={c['frames']} wall={wall} max_rss={rss}MiB heap_committed_max={limit:.0f}MiB "
        f"heap_used_max={before:.0f}MiB heap_live_max={after:.0f}MiB held={summary.get('connections')} "
        f"connections={c['connections']} evicted_finished={c['evicted_finished']} "
        f"evicted_half_open={c['evicted_half_open']} table_full_drops={c['table_full_drops']} "
        f"syn_flood={'yes' if 'syn_flood' in alerts else 'no'} "
        f"crafted_real={crafted.get('client_state')}/{crafted.get('server_state')}")
for k in ('pcap_dropped', 'pcap_if_dropped', 'ring_overflow'):
    if k in c:
        line += f" {k}={c[k]}"
if real:
    o = conns.get(real[0], {})
    line += f" socket_pair={o.get('client_state')}/{o.get('server_state')} ss={real[1]}/{real[2]}"
print(line)
PY
}

# analyze reads the file into a reused window (it mapped it before 2026-12-04, when its pages counted in the RSS);
# analyze-pipe reads the same bytes from a pipe. Both RSS figures are wirestat's own memory.
run_analyze() # MODE analyze|analyze-pipe
{
    local mode="$1" name="$2" file input
    file=$(capture_file "$mode")
    input="$file"
    [[ "$name" == analyze-pipe ]] && input=-
    # shellcheck disable=SC2002
    cat "$file" | JAVA_TOOL_OPTIONS="-Xlog:gc:file=$OUT/gc-$name-$mode.log" /usr/bin/time -v \
        -o "$OUT/time-$name-$mode.txt" ./wirestat analyze "$input" --max-connections "$MAX" --format jsonl \
        > "$OUT/$name-$mode.jsonl" 2> "$OUT/$name-$mode.err" || [[ "$input" != - ]]   # cat's EPIPE when unread
    report "$name" "$mode" "$file" "$OUT/$name-$mode.jsonl" "$OUT/time-$name-$mode.txt" "$OUT/gc-$name-$mode.log"
}

cleanup()
{
    [[ -n "${CLIENT_PID:-}" ]] && kill "$CLIENT_PID" 2> /dev/null || true
    [[ -n "${SERVER_PID:-}" ]] && kill "$SERVER_PID" 2> /dev/null || true
    ip link del wsfldA 2> /dev/null || true
    ip netns del "$NS" 2> /dev/null || true
}

wait_for() # FILE PATTERN SECONDS
{
    for _ in $(seq $(($3 * 20))); do grep -q "$2" "$1" 2> /dev/null && return 0; sleep 0.05; done
    echo "flood: timed out waiting for '$2' in $1" >&2
    return 1
}

frames_seen() # JSONL -> the last interval line's frames
{
    grep -o '"frames":[0-9]*' "$1" 2> /dev/null | tail -1 | cut -d: -f2
}

ss_state() # NETNS|- LOCAL PEER -> the socket's state as ss shows it
{
    local prefix=()
    [[ "$1" != - ]] && prefix=(ip netns exec "$1")
    "${prefix[@]}" ss -tanH | sed 's/\[::ffff:\([0-9.]*\)\]/\1/g' | awk -v l="$2" -v p="$3" '$4 == l && $5 == p {print $1}'
}

run_live() # MODE
{
    local mode="$1" file out err timev gc pid port
    file=$(capture_file "$mode")
    out="$OUT/live-$mode.jsonl"; err="$OUT/live-$mode.err"; timev="$OUT/time-live-$mode.txt"; gc="$OUT/gc-live-$mode.log"
    cleanup
    ip netns add "$NS"
    ip link add wsfldA type veth peer name wsfldB
    ip link set wsfldB netns "$NS"
    sysctl -q -w net.ipv6.conf.wsfldA.disable_ipv6=1
    ip addr add 198.18.90.1/24 dev wsfldA
    ip link set wsfldA up
    ip netns exec "$NS" ip addr add 198.18.90.2/24 dev wsfldB
    ip netns exec "$NS" ip link set wsfldB up
    ip netns exec "$NS" python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('198.18.90.2', 8080)); s.listen(4)
c, _ = s.accept(); c.recv(1); c.sendall(b'a')
while True: time.sleep(1)" &
    SERVER_PID=$!
    sleep 0.5
    JAVA_TOOL_OPTIONS="-Xlog:gc:file=$gc" /usr/bin/time -v -o "$timev" ./wirestat live -i wsfldA -f tcp \
        --format jsonl --interval 1s --max-connections "$MAX" --metrics 127.0.0.1:0 > "$out" 2> "$err" &
    pid=$!
    wait_for "$err" "capturing on" 60
    # The real connection: a socket pair between this namespace and the test's, open through the flood, then
    # half-closed by the client (FIN_WAIT_2 / CLOSE_WAIT) when "$OUT/close" appears.
    rm -f "$OUT/close" "$OUT/client-port"
    python3 -c "
import os, socket, time
c = socket.create_connection(('198.18.90.2', 8080)); c.sendall(b'K'); assert c.recv(1) == b'a'
open('$OUT/client-port', 'w').write(str(c.getsockname()[1]))
while not os.path.exists('$OUT/close'): time.sleep(0.1)
c.shutdown(socket.SHUT_WR)
while True: time.sleep(1)" &
    CLIENT_PID=$!
    wait_for "$OUT/client-port" . 10
    port=$(cat "$OUT/client-port")
    ip netns exec "$NS" tcpreplay -q -i wsfldB --pps="$PPS" "$file" > "$OUT/replay-$mode.txt" 2>&1
    local total
    total=$(capinfos -c -M "$file" | sed -n 's/^Number of packets: *//p')
    for _ in $(seq 600); do [[ "$(frames_seen "$out")" -ge "$total" ]] && break; sleep 0.1; done
    touch "$OUT/close"
    sleep 3   # the FIN and its ACK; a refresh for syn_flood and the metrics
    local url client_ss server_ss
    url=$(sed -n 's/.*serving metrics on \(http:[^ ]*\).*/\1/p' "$err" | head -1)
    curl -s "$url" > "$OUT/live-$mode.prom" || true
    client_ss=$(ss_state - "198.18.90.1:$port" 198.18.90.2:8080)
    server_ss=$(ss_state "$NS" 198.18.90.2:8080 "198.18.90.1:$port")
    kill -TERM "$(pgrep -P "$pid" java || echo "$pid")"
    wait "$pid" || true
    echo "  tcpreplay: $(grep -m1 '^Rated' "$OUT/replay-$mode.txt" | tr -s ' ')" >&2
    echo "  metrics: $(grep -E '^wirestat_(tracker_evictions_total|dropped_packets_total\{where="table_full"\})' \
        "$OUT/live-$mode.prom" | tr '\n' ' ')" >&2
    report live "$mode" "$file" "$out" "$timev" "$gc" "198.18.90.1:$port" "$client_ss" "$server_ss"
    cleanup
}

trap cleanup EXIT
echo "flood: $PACKETS flood packets per file, --max-connections $MAX, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)," \
    "$(java -version 2>&1 | head -1)"
for mode in ${MODES:-syn established}; do
    if [[ "$WHAT" == analyze || "$WHAT" == all ]]; then
        run_analyze "$mode" analyze
        run_analyze "$mode" analyze-pipe
    fi
    if [[ "$WHAT" == live || "$WHAT" == all ]]; then
        [[ $(id -u) == 0 ]] || { echo "flood: live needs root (namespaces, capture)" >&2; exit 2; }
        command -v tcpreplay > /dev/null || { echo "flood: tcpreplay missing: apt-get install tcpreplay" >&2; exit 2; }
        run_live "$mode"
    fi
done
