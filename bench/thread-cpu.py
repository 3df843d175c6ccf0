#!/usr/bin/env python3
"""Per-thread processor use of one command over time, from /proc: which thread keeps which core busy when.

    python3 bench/thread-cpu.py ./wirestat analyze bench/data/large.pcap --format jsonl

Every 100 ms (--interval) it prints the share of a core each thread group used in that interval (100 = one whole
core): the JIT's compilers (C1, C2), the collector (GC), and the program's own threads by name (java is the main
thread: the reader, then the report's writer). Then the totals in CPU-seconds. Standard output of the command is
thrown away; the launcher execs java, so the process measured is the JVM itself.
"""
import collections
import os
import subprocess
import sys
import time

HZ = os.sysconf('SC_CLK_TCK')


def group(name):
    if name.startswith('C2 Compiler'):
        return 'C2'
    if name.startswith('C1 Compiler'):
        return 'C1'
    if 'GC' in name:
        return 'GC'
    return name[:16]


def sample(pid, seen):
    """Adds each live thread's CPU-seconds so far to seen (by thread id, so threads that ended still count)."""
    try:
        tids = os.listdir(f'/proc/{pid}/task')
    except OSError:
        return
    for tid in tids:
        try:
            with open(f'/proc/{pid}/task/{tid}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index('(') + 1:stat.rindex(')')]
        fields = stat[stat.rindex(')') + 2:].split()
        seen[tid] = (group(name), (int(fields[11]) + int(fields[12])) / HZ)  # utime + stime


def by_group(seen):
    use = collections.Counter()
    for name, seconds in seen.values():
        use[name] += seconds
    return use


def main(argv):
    interval = 0.1
    if len(argv) > 2 and argv[0] == '--interval':
        interval = float(argv[1])
        argv = argv[2:]
    if not argv:
        sys.exit(__doc__)
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    seen = {}
    previous = collections.Counter()
    while proc.poll() is None:
        sample(proc.pid, seen)
        now = by_group(seen)
        delta = {k: now[k] - previous[k] for k in now if now[k] - previous[k] > 0.005}
        print(f'{time.monotonic() - start:6.2f} s  ' +
              '  '.join(f'{k}={100 * v / interval:3.0f}' for k, v in sorted(delta.items())))
        previous = now
        time.sleep(interval)
    wall = time.monotonic() - start
    total = by_group(seen)
    print(f'wall {wall:.2f} s, exit {proc.returncode}; CPU-seconds to the last sample: ' +
          '  '.join(f'{k} {v:.2f}' for k, v in total.most_common() if v >= 0.01) +
          f'  (all {sum(total.values()):.2f})')


if __name__ == '__main__':
    main(sys.argv[1:])
