#!/usr/bin/env bash
# End-to-end throughput of wirestat against the libpcap floor and peer tools, on one capture file.
#
#   bench/run-throughput.sh [FILE]        (default: bench/data/large.pcap; it and bench/data/s128.pcap, the same
#                                          traffic cut to 128-byte headers, are generated if absent)
#
# Environment: REPS (default 3, best of REPS is reported), TIMEOUT seconds per run (default 600),
#              TOOLS (default "wirestat wirestat-shards2 wirestat-jar pcap_count tcpdump tcptrace tshark":
#              wirestat is the ./wirestat launcher, with --shards 2 in the second, the bare `java -jar` in the
#              third; wirestat-jdk25, not in the default, is the launcher on the first JDK 25 under /usr/lib/jvm),
#              JAVA_OPTS for the bare jar's JVM,
#              MEM_LIMIT_MB (default 8192): address-space limit (ulimit -v) for the native tools, so that a peer
#              that keeps every packet in memory (tshark does: ~1 kB a packet) fails instead of exhausting a
#              shared machine. Not applied to the JVM, whose reservations exceed its use; bound it with -Xmx.
# Installs nothing: a missing tool is reported as "not installed" and the run goes on. A tool that fails or
# times out is reported as such (once it has timed out it is not repeated).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

FILE="${1:-bench/data/large.pcap}"
REPS="${REPS:-3}"
TIMEOUT="${TIMEOUT:-600}"
TOOLS="${TOOLS:-wirestat wirestat-shards2 wirestat-jar pcap_count tcpdump tcptrace tshark}"
MEM_LIMIT_MB="${MEM_LIMIT_MB:-8192}"
WIRESTAT_JAR="capture/target/wirestat.jar"
BENCH_JAR="bench/target/benchmarks.jar"
COUNTER="bench/out/pcap_count"
WORK="$(mktemp -d /tmp/wirestat-throughput.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

say() { printf '%s\n' "$*" >&2; }

have() { command -v "$1" > /dev/null 2>&1; }

# --- prerequisites (build what is ours, report what is not) ---------------------------------------------------
if [[ ! -f "$WIRESTAT_JAR" ]]; then
    say "building $WIRESTAT_JAR (mvn -o -q -pl capture -am -DskipTests package)"
    if ! mvn -o -q -pl capture -am -DskipTests package > "$WORK/mvn-capture.log" 2>&1; then
        say "  build failed; wirestat will be reported as not built:"
        tail -5 "$WORK/mvn-capture.log" >&2
    fi
fi

if [[ ! -x "$COUNTER" || bench/c/pcap_count.c -nt "$COUNTER" ]]; then
    if ! have gcc; then
        say "gcc not installed: cannot build $COUNTER"
    elif [[ ! -f /usr/include/pcap/pcap.h && ! -f /usr/include/pcap.h ]]; then
        say "libpcap headers missing (install libpcap0.8-dev / libpcap-dev): cannot build $COUNTER"
    else
        mkdir -p bench/out
        gcc -O2 -o "$COUNTER" bench/c/pcap_count.c -lpcap || say "building $COUNTER failed"
    fi
fi

if [[ ! -f "$FILE" ]]; then
    case "$FILE" in
        bench/data/large.pcap) GEN_OPTS=() ;;
        # Headers only, as `tcpdump -s 128` records: the same traffic, snap length 128.
        bench/data/s128.pcap)  GEN_OPTS=(--snaplen 128) ;;
        *) say "no such file: $FILE"; exit 2 ;;
    esac
    if [[ ! -f "$BENCH_JAR" ]]; then
        say "building $BENCH_JAR (mvn -o -q -pl bench -am -DskipTests package)"
        mvn -o -q -pl bench -am -DskipTests package || { say "bench build failed"; exit 2; }
    fi
    say "generating $FILE (10 M packets, seed 42${GEN_OPTS[*]:+, ${GEN_OPTS[*]}})"
    mkdir -p "$(dirname "$FILE")"
    java -cp "$BENCH_JAR" io.wirestat.bench.gen.CaptureGenerator -o "$FILE" "${GEN_OPTS[@]}" >&2 || { say "generator failed"; exit 2; }
fi

if [[ -x /usr/bin/time ]]; then
    TIMER=gnu
else
    TIMER=bash
    say "/usr/bin/time not installed (package 'time'): timing with date, max RSS not reported"
fi

say "warming the page cache: cat $FILE > /dev/null"
cat "$FILE" > /dev/null

# Packets in the file: from the C counter if it runs, else capinfos, else the generator's truth file.
PACKETS=""
if [[ -x "$COUNTER" ]]; then
    PACKETS="$("$COUNTER" "$FILE" 2> /dev/null | sed -n 's/^packets=\([0-9]*\).*/\1/p')"
fi
if [[ -z "$PACKETS" ]] && have capinfos; then
    PACKETS="$(capinfos -M -c -T -r "$FILE" 2> /dev/null | awk -F'\t' '{print $2}')"
fi
if [[ -z "$PACKETS" && -f "$FILE.truth.tsv" ]]; then
    PACKETS="$(awk -F'\t' '$1=="summary" && $2=="packets" {print $3}' "$FILE.truth.tsv")"
fi
[[ -n "$PACKETS" ]] || { say "cannot tell how many packets $FILE holds"; PACKETS=0; }

# --- one tool ---------------------------------------------------------------------------------------------------
# tool_cmd NAME -> sets CMD (array) and BIN (what must be installed); returns 1 if NAME is unknown.
tool_cmd() {
    case "$1" in
        # The product's command: the launcher (class-data sharing, heap sized from --max-connections).
        wirestat)   BIN=java;        CMD=(./wirestat analyze "$FILE" --format jsonl) ;;
        wirestat-shards2) BIN=java;  CMD=(./wirestat analyze "$FILE" --format jsonl --shards 2) ;;
        # The launcher on the other JDK wirestat supports (the first JDK 25 under /usr/lib/jvm), with its own archive.
        wirestat-jdk25)
            BIN="$(compgen -G "/usr/lib/jvm/*-25*/bin/java" | head -1)"; BIN="${BIN:-java-25}"
            CMD=(env JAVA_HOME="${BIN%/bin/java}" ./wirestat analyze "$FILE" --format jsonl) ;;
        # The bare jar, as `java -jar` runs it (no class-data sharing, the JVM's default heap).
        wirestat-jar) BIN=java;      CMD=(java ${JAVA_OPTS:-} -jar "$WIRESTAT_JAR" analyze "$FILE" --format jsonl) ;;
        pcap_count) BIN="$COUNTER";  CMD=("$COUNTER" "$FILE") ;;
        tcpdump)    BIN=tcpdump;     CMD=(tcpdump -r "$FILE" -w /dev/null) ;;
        tcptrace)   BIN=tcptrace;    CMD=(tcptrace -n "$FILE") ;;
        tshark)     BIN=tshark;      CMD=(tshark -r "$FILE" -q -z conv,tcp) ;;
        *) return 1 ;;
    esac
}

# run_once NAME -> prints "seconds rss_kb" on success; on failure prints "FAIL <reason>".
run_once() {
    local out="$WORK/$1.out" err="$WORK/$1.err" tf="$WORK/$1.time" rc limit=unlimited
    [[ "$1" == wirestat* ]] || limit=$((MEM_LIMIT_MB * 1024))
    if [[ "$TIMER" == gnu ]]; then
        (ulimit -v "$limit"; exec /usr/bin/time -o "$tf" -f '%e %M' timeout "$TIMEOUT" "${CMD[@]}") > "$out" 2> "$err"
        rc=$?
    else
        local t0 t1
        t0="$(date +%s.%N)"
        (ulimit -v "$limit"; exec timeout "$TIMEOUT" "${CMD[@]}") > "$out" 2> "$err"
        rc=$?
        t1="$(date +%s.%N)"
        echo "$(echo "$t1 - $t0" | bc) 0" > "$tf"
    fi
    if [[ $rc -eq 124 ]]; then
        echo "FAIL did not finish in ${TIMEOUT} s"
    elif [[ $rc -ne 0 ]]; then
        local why
        why="$(grep -v '^Command exited with non-zero status' "$err" | head -1 | cut -c1-80)"
        echo "FAIL exit $rc: ${why:-no message}"
    else
        tail -1 "$tf"
    fi
}

declare -A BEST_S BEST_RSS STATUS
ORDER=()
for tool in $TOOLS; do
    if ! tool_cmd "$tool"; then
        say "unknown tool '$tool' (known: wirestat wirestat-shards2 wirestat-jdk25 wirestat-jar pcap_count tcpdump tcptrace tshark)"
        continue
    fi
    ORDER+=("$tool")
    if ! have "$BIN" && [[ ! -x "$BIN" ]]; then
        STATUS[$tool]="not installed"
        say "$tool: not installed ($BIN)"
        continue
    fi
    if [[ "$tool" == wirestat* && ! -f "$WIRESTAT_JAR" ]]; then
        STATUS[$tool]="not built ($WIRESTAT_JAR)"
        continue
    fi
    for ((r = 1; r <= REPS; r++)); do
        res="$(run_once "$tool")"
        say "$tool run $r/$REPS: $res"
        if [[ "$res" == FAIL* ]]; then
            [[ -n "${BEST_S[$tool]:-}" ]] || STATUS[$tool]="${res#FAIL }"
            break
        fi
        read -r s rss <<< "$res"
        if [[ -z "${BEST_S[$tool]:-}" ]] || awk -v a="$s" -v b="${BEST_S[$tool]}" 'BEGIN{exit !(a < b)}'; then
            BEST_S[$tool]="$s"
            BEST_RSS[$tool]="$rss"
        fi
        STATUS[$tool]=ok
    done
done

# --- report -----------------------------------------------------------------------------------------------------
C_S="${BEST_S[pcap_count]:-}"
row() { # tool -> "seconds|pps|ratio|rss_mb|note"
    local t="$1" s="${BEST_S[$1]:-}"
    if [[ -z "$s" ]]; then
        echo "-|-|-|-|${STATUS[$t]:-not run}"
        return
    fi
    awk -v s="$s" -v p="$PACKETS" -v c="$C_S" -v rss="${BEST_RSS[$t]}" 'BEGIN {
        pps = (s > 0) ? sprintf("%.0f", p / s) : "-";
        ratio = (c != "" && c > 0) ? sprintf("%.1fx", s / c) : "-";
        mb = (rss > 0) ? sprintf("%.0f", rss / 1024) : "-";
        printf "%.2f|%s|%s|%s|", s, pps, ratio, mb }'
    echo ""
}

CPU="$(grep -m1 'model name' /proc/cpuinfo 2> /dev/null | cut -d: -f2- | sed 's/^ *//')"
JAVA_V="$(java -version 2>&1 | head -1)"
DATE="$(date -u +%Y-%m-%dT%H:%MZ)"
SIZE="$(stat -c %s "$FILE")"

printf '\nfile %s: %s packets, %s bytes; best of %s, timeout %s s, native tools limited to %s MB; %s cores, %s\n' \
    "$FILE" "$PACKETS" "$SIZE" "$REPS" "$TIMEOUT" "$MEM_LIMIT_MB" "$(nproc)" "$CPU"
printf '%-11s %9s %12s %9s %9s  %s\n' tool seconds packets/s vs_C max_RSS_MB note
for t in "${ORDER[@]}"; do
    IFS='|' read -r s pps ratio mb note <<< "$(row "$t")"
    printf '%-11s %9s %12s %9s %9s  %s\n' "$t" "$s" "$pps" "$ratio" "$mb" "$note"
done

echo
echo "### End-to-end, $DATE"
echo
echo "File \`$FILE\` ($PACKETS packets, $SIZE bytes), page cache warm, best of $REPS, whole process" \
     "(JVM start included), timeout $TIMEOUT s, native tools limited to $MEM_LIMIT_MB MB of address space. Machine: $(nproc) cores, $CPU; $JAVA_V."
echo
echo "| tool | command | seconds | packets/s | time vs C counter | max RSS MB | note |"
echo "|---|---|---:|---:|---:|---:|---|"
for t in "${ORDER[@]}"; do
    tool_cmd "$t"
    IFS='|' read -r s pps ratio mb note <<< "$(row "$t")"
    printf '| %s | `%s` | %s | %s | %s | %s | %s |\n' "$t" "${CMD[*]}" "$s" "$pps" "$ratio" "$mb" "$note"
done
