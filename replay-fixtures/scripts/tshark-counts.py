#!/usr/bin/env python3
"""Writes replay-fixtures/src/test/resources/corpus/tshark-counts.tsv from the tshark oracle files in
shared/corpus/_generated/tshark (tshark -2 -n -r <file> -Y tcp, one row per tcp.stream).
Usage: replay-fixtures/scripts/tshark-counts.py ../shared > replay-fixtures/src/test/resources/corpus/tshark-counts.tsv"""
import os
import sys

root = os.path.join(sys.argv[1] if len(sys.argv) > 1 else '../shared', 'corpus/_generated/tshark')
rows = []
for dirpath, _, files in os.walk(root):
    for name in files:
        if not name.endswith('.streams.tsv'):
            continue
        path = os.path.join(dirpath, name)
        header, streams, packets = None, 0, 0
        for line in open(path):
            if line.startswith('#'):
                continue
            cols = line.rstrip('\n').split('\t')
            if header is None:
                header = cols
                continue
            if len(cols) < len(header):
                continue
            row = dict(zip(header, cols))
            streams += 1
            packets += int(row['pkts_ab']) + int(row['pkts_ba'])
        rows.append((os.path.relpath(path, root)[:-len('.streams.tsv')], streams, packets))
print('# tshark TCP stream and packet counts per corpus capture, from shared/corpus/_generated/tshark/*.streams.tsv')
print('# (tshark -2 -n -r <file> -Y tcp, TShark 4.0.17). Regenerate: replay-fixtures/scripts/tshark-counts.py ../shared')
print('file\ttshark_streams\ttshark_tcp_packets')
for rel, streams, packets in sorted(rows):
    print(f'{rel}\t{streams}\t{packets}')
