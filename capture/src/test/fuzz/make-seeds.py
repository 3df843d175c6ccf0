#!/usr/bin/env python3
"""Writes the seed corpora of the Jazzer fuzz targets (run from the repository root, with ../shared beside it).

Seeds are small: whole capture files of a few hundred bytes, or single frames taken from captures, wrapped in each
target's input layout (see the target's Javadoc). Their sources are listed in each target's README.md. Re-running
rewrites the seeds (names are stable); crash-* inputs found by fuzzing are kept as they are.
"""
import gzip
import os
import random
import struct
import sys

CORPUS = "../shared/corpus"
CAPTURE_RES = "capture/src/test/resources/io/wirestat/capture"
TRACKER_RES = "tracker/src/test/resources/io/wirestat/tracker"


def out_dir(path):
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):
        if name.startswith("seed-"):
            os.remove(os.path.join(path, name))
    return path


def write(directory, name, data):
    with open(os.path.join(directory, "seed-" + name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    return gzip.decompress(data) if path.endswith(".gz") else data


# ---- pcap / pcapng ------------------------------------------------------------------------------------------------

def pcap_frames(data):
    """(linktype, [frames]) of a classic pcap file, any byte order."""
    magic = data[:4]
    order = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    linktype = struct.unpack(order + "I", data[20:24])[0] & 0xFFFF
    frames, pos = [], 24
    while pos + 16 <= len(data):
        caplen = struct.unpack(order + "I", data[pos + 8:pos + 12])[0]
        frames.append(data[pos + 16:pos + 16 + caplen])
        pos += 16 + caplen
    return linktype, frames


def convert_pcap(data, big_endian, nano):
    """Rewrites a little-endian microsecond pcap in another byte order and/or with nanosecond timestamps."""
    src = "<"
    dst = ">" if big_endian else "<"
    magic = 0xA1B23C4D if nano else 0xA1B2C3D4
    _, major, minor, zone, sigfigs, snaplen, network = struct.unpack(src + "IHHiIII", data[:24])
    out = bytearray(struct.pack(dst + "IHHiIII", magic, major, minor, zone, sigfigs, snaplen, network))
    pos = 24
    while pos + 16 <= len(data):
        sec, frac, caplen, length = struct.unpack(src + "IIII", data[pos:pos + 16])
        out += struct.pack(dst + "IIII", sec, frac * 1000 if nano else frac, caplen, length)
        out += data[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen
    return bytes(out)


def block(order, block_type, body):
    pad = (-len(body)) % 4
    length = 12 + len(body) + pad
    return struct.pack(order + "II", block_type, length) + body + b"\0" * pad + struct.pack(order + "I", length)


def option(order, code, value):
    pad = (-len(value)) % 4
    return struct.pack(order + "HH", code, len(value)) + value + b"\0" * pad


def pcapng_all_blocks(frames_eth, frames_raw):
    """Every block type the reader knows or skips, two sections (little- then big-endian)."""
    le, be = "<", ">"
    out = bytearray()
    shb_opts = option(le, 4, b"wirestat fuzz seed") + option(le, 0, b"")
    out += block(le, 0x0A0D0D0A, struct.pack(le + "IHHq", 0x1A2B3C4D, 1, 0, -1) + shb_opts)
    # IDB 0: Ethernet, microseconds (default), with if_tsoffset; IDB 1: raw IP, 2^-10 s resolution.
    out += block(le, 1, struct.pack(le + "HHI", 1, 0, 65535) + option(le, 14, struct.pack(le + "q", 10)) +
                 option(le, 0, b""))
    out += block(le, 1, struct.pack(le + "HHI", 101, 0, 262144) + option(le, 9, b"\x8a") + option(le, 0, b""))
    ts = 1_700_000_000_000_000
    for i, frame in enumerate(frames_eth[:2]):
        ts += i * 1000
        out += block(le, 6, struct.pack(le + "IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(frame), len(frame)) + frame)
    for frame in frames_raw[:1]:
        out += block(le, 6, struct.pack(le + "IIIII", 1, 0, 12345, len(frame), len(frame) + 4) + frame)
    if frames_eth:
        out += block(le, 3, struct.pack(le + "I", len(frames_eth[0])) + frames_eth[0])                      # SPB
        out += block(le, 2, struct.pack(le + "HHIIII", 0, 0, 0, 99, len(frames_eth[0]), len(frames_eth[0])) +
                     frames_eth[0])                                                                            # PB
    out += block(le, 4, struct.pack(le + "HH", 1, 9) + bytes([10, 0, 0, 1]) + b"host\0\0\0\0" +
                 struct.pack(le + "HH", 0, 0))
    out += block(le, 5, struct.pack(le + "III", 0, 0, 0) + option(le, 4, struct.pack(le + "Q", 7)) + option(le, 0, b""))
    out += block(le, 0x00000BAD, struct.pack(le + "I", 32473) + b"custom data")                              # custom
    out += block(le, 0x40000BAD, struct.pack(le + "I", 32473) + b"custom, do not copy")
    out += block(le, 0x12345678, b"an unknown block type")                                                   # unknown
    out += block(le, 10, b"\0" * 8)                                                                          # DSB-like
    # Second section, big-endian, its own interface numbering.
    out += block(be, 0x0A0D0D0A, struct.pack(be + "IHHq", 0x1A2B3C4D, 1, 0, -1))
    out += block(be, 1, struct.pack(be + "HHI", 1, 0, 128))
    for frame in frames_eth[1:2]:
        out += block(be, 6, struct.pack(be + "IIIII", 0, 0, 1, min(len(frame), 128), len(frame)) + frame[:128])
    return bytes(out)


def bad_lengths(good):
    """Variants of a pcapng file whose second block's length field is wrong in each way the reader checks."""
    le = "<"
    shb_len = struct.unpack(le + "I", good[4:8])[0]
    variants = {}
    for name, value in (("zero", 0), ("eleven", 11), ("unaligned", 30), ("huge", 0x7FFFFFF0), ("past-end", 4096)):
        b = bytearray(good)
        b[shb_len + 4:shb_len + 8] = struct.pack(le + "I", value)
        variants[name] = bytes(b)
    b = bytearray(good)
    idb_len = struct.unpack(le + "I", b[shb_len + 4:shb_len + 8])[0]
    b[shb_len + idb_len - 4:shb_len + idb_len] = struct.pack(le + "I", idb_len + 4)   # trailer disagrees
    variants["trailer-mismatch"] = bytes(b)
    variants["cut"] = good[:len(good) - 7]
    return variants


def capture_file_seeds():
    d = out_dir(CAPTURE_RES + "/file/CaptureFileFuzzTestInputs/readsAnyBytes")
    refused = read("replay-fixtures/captures/crafted/refused.pcap")
    abortive = read("replay-fixtures/captures/kernel/abortive.pcap")
    write(d, "pcap-le-micro", refused)
    write(d, "pcap-be-micro", convert_pcap(refused, True, False))
    write(d, "pcap-le-nano", convert_pcap(refused, False, True))
    write(d, "pcap-be-nano", convert_pcap(refused, True, True))
    write(d, "pcap-kernel", abortive)
    v23 = bytearray(refused)
    v23[6:8] = struct.pack("<H", 3)
    write(d, "pcap-v2.3-maybe-swapped", bytes(v23))
    huge = bytearray(refused)
    huge[16:20] = struct.pack("<I", 0x7FFFFFFF)                       # snaplen claims 2 GiB
    huge[24 + 8:24 + 12] = struct.pack("<I", 0x7FFFFF00)              # first record claims almost that
    write(d, "pcap-huge-snaplen", bytes(huge))
    write(d, "mode-gzip-pcap", b"\x01" + refused)
    write(d, "mode-gzip-cut-pcap", b"\x02\x80" + abortive)
    write(d, "mode-gzip-huge-snaplen", b"\x01" + bytes(huge))
    for rel in ("tcpdump/tests/tcp-handshake-nano.pcap", "tcpdump/tests/timestamp_invalid_micro.pcap",
                "tcpdump/tests/empty.pcapng", "zeek/testing/btest/Traces/tcp/retransmit-timeout.pcapng",
                "zeek/testing/btest/Traces/pcapng-multi-interface.pcapng",
                "libpcap/tests/linktype-reserved-field-not-zero.pcap", "libpcap/tests/pcap-invalid-version-1.pcap",
                "libpcap/tests/pcapng-invalid-vers-1.pcapng", "libpcap/tests/shb-option-too-long.pcapng",
                "tcptrace/input/ipfrags.dmp.gz", "tcptrace/input/trunc.dmp.gz"):
        with open(os.path.join(CORPUS, rel), "rb") as f:
            write(d, rel.replace("/", "_"), f.read())
    _, eth = pcap_frames(refused)
    _, raw = pcap_frames(read(CORPUS + "/zeek/testing/btest/Traces/tcp/payload-syn.pcap"))
    all_blocks = pcapng_all_blocks(eth, raw)
    write(d, "pcapng-all-blocks", all_blocks)
    write(d, "pcapng-all-blocks.gz", gzip.compress(all_blocks, mtime=0))
    write(d, "mode-gzip-pcapng", b"\x01" + all_blocks)
    for name, data in bad_lengths(all_blocks).items():
        write(d, "pcapng-bad-length-" + name, data)


# ---- frames for the decoder and the filter ------------------------------------------------------------------------

DECODER_LINKS = [1, 113, 276, 0, 108, 101, 12, 14, 228, 229, 105]
BPF_LINKS = [1, 113, 276, 101, 0, 108, 228, 229]

FRAME_SOURCES = [
    ("replay-fixtures/captures/crafted/refused.pcap", 3),
    ("replay-fixtures/captures/crafted/ipv6-close.pcap", 2),
    ("replay-fixtures/captures/kernel/abortive.pcap", 2),
    (CORPUS + "/zeek/testing/btest/Traces/mixed-vlan-mpls.pcap", 4),
    (CORPUS + "/zeek/testing/btest/Traces/http-qinq-0.pcap", 2),
    (CORPUS + "/suricata-verify/tests/bug-814/input.pcap", 2),
    (CORPUS + "/tcptrace/input/ipopts.dmp.gz", 3),
    (CORPUS + "/tcptrace/input/ipfrags.dmp.gz", 4),
    (CORPUS + "/tcptrace/input/rawip.dmp.gz", 2),
    (CORPUS + "/tcptrace/input/dlt_null.dmp.gz", 2),
    (CORPUS + "/tcptrace/input/linux_cooked_socket.dmp.gz", 2),
    (CORPUS + "/suricata-verify/tests/decode-sll2-01/input.pcap", 2),
    (CORPUS + "/zeek/testing/btest/Traces/tcp/payload-syn.pcap", 1),
    (CORPUS + "/zeek/testing/btest/Traces/tcp-syslog.pcap", 2),
    (CORPUS + "/zeek/testing/btest/Traces/http/connect-with-header.pcap", 2),
    (CORPUS + "/zeek/testing/btest/Traces/tcp/options.pcap", 2),
    (CORPUS + "/zeek/testing/btest/Traces/tcp/option-sack.pcap", 2),
    (CORPUS + "/zeek/testing/btest/Traces/trunc/ip6-ext-trunc.pcap", 1),
    (CORPUS + "/tcpdump/tests/tcp-handshake-nano.pcap", 1),
]


def crafted_frames():
    """Frames no small capture in the corpus has: LOOP, IPV6 (229) with extension headers, IPv4 fragments."""
    tcp_syn = bytes.fromhex("3039005001020304000000006002faf000000000020405b4")      # SYN with MSS option
    ipv4_opts = bytes.fromhex("4600002c1234200040060000c0a80101c0a80102" "01010000") + tcp_syn  # MF, NOP options
    ipv4_later_fragment = bytes.fromhex("45000020123400b940060000c0a80101c0a80102") + b"\0" * 12
    hop_by_hop = bytes.fromhex("2c00000000000000")                   # next: fragment (44)
    fragment = bytes.fromhex("0600000000000001")                     # next: TCP, offset 0, id 1
    # Version 6, payload length, next header hop-by-hop (0), hop limit 64, ::1 -> fd00::2.
    ipv6 = bytes.fromhex("60000000") + bytes([0, len(hop_by_hop) + len(fragment) + len(tcp_syn), 0, 64]) + \
        b"\0" * 15 + b"\x01" + b"\xfd" + b"\0" * 14 + b"\x02"
    ipv6_ext = ipv6 + hop_by_hop + fragment + tcp_syn
    return [
        (108, struct.pack(">I", 2) + ipv4_opts),                     # OpenBSD loopback, AF_INET, network order
        (0, struct.pack("<I", 30) + ipv6_ext),                       # BSD NULL, AF_INET6 (FreeBSD), host order
        (229, ipv6_ext),
        (228, ipv4_opts),
        (228, ipv4_later_fragment),
        (1, bytes.fromhex("020000000002020000000001" "8100" "0064" "88a8" "00c8" "0800") + ipv4_opts),  # VLAN+QinQ
    ]


def all_frames():
    frames = []
    for path, count in FRAME_SOURCES:
        linktype, fs = pcap_frames(read(path))
        name = os.path.basename(os.path.dirname(path)) + "_" + os.path.basename(path)
        for i, frame in enumerate(fs[:count]):
            frames.append((name + "-" + str(i + 1), linktype, frame))
    for i, (linktype, frame) in enumerate(crafted_frames()):
        frames.append(("crafted-" + str(i + 1), linktype, frame))
    return frames


def decoder_seeds(frames):
    d = out_dir(TRACKER_RES + "/decode/FrameDecoderFuzzTestInputs/decodesAnyFrame")
    for name, linktype, frame in frames:
        write(d, name, bytes([DECODER_LINKS.index(linktype), 0]) + frame)
    # The same frame under a link type it does not have, and cut short.
    name, linktype, frame = frames[0]
    write(d, "unsupported-link", bytes([DECODER_LINKS.index(105), 0]) + frame)
    write(d, "snap-cut", bytes([DECODER_LINKS.index(linktype), 200]) + frame[:40])


def bpf_seeds(frames):
    d = out_dir(CAPTURE_RES + "/filter/BpfDifferentialFuzzTestInputs/agreesWithLibpcap")
    rng = random.Random(14)
    for name, linktype, frame in frames:
        if linktype not in BPF_LINKS:
            continue
        grammar = bytes(rng.randrange(256) for _ in range(rng.randrange(4, 40)))
        write(d, name, bytes([BPF_LINKS.index(linktype), len(grammar) | (rng.randrange(4) << 6)]) + grammar + frame)


# ---- tracker: segment records -------------------------------------------------------------------------------------

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


def seg(src, dst, flags, seq, ack, payload=0, step=1, vlan=0):
    return struct.pack(">BBhhBB", src | dst << 3 | vlan << 6, flags, seq, ack, payload, step)


def conversation(c, s, close="client", data=True):
    """A handshake, some data both ways and a close, as segment records between endpoints c and s."""
    out = [seg(c, s, SYN, 0, 0), seg(s, c, SYN | ACK, 0, 1), seg(c, s, ACK, 1, 1)]
    cs, ss = 1, 1
    if data:
        out += [seg(c, s, PSH | ACK, cs, ss, 100), seg(s, c, ACK, ss, cs + 100)]
        cs += 100
        out += [seg(s, c, PSH | ACK, ss, cs, 50), seg(c, s, ACK, cs, ss + 50)]
        ss += 50
    if close == "client":
        out += [seg(c, s, FIN | ACK, cs, ss), seg(s, c, ACK, ss, cs + 1), seg(s, c, FIN | ACK, ss, cs + 1),
                seg(c, s, ACK, cs + 1, ss + 1)]
    elif close == "server":
        out += [seg(s, c, FIN | ACK, ss, cs), seg(c, s, ACK, cs, ss + 1)]
    elif close == "rst":
        out += [seg(c, s, RST | ACK, cs, ss)]
    return out


def tracker_seeds():
    d = out_dir(TRACKER_RES + "/TcpTrackerFuzzTestInputs/keepsInvariantsOnAnySegments")
    header = bytes([63, 0, 0, 0])
    write(d, "close-client-first", header + b"".join(conversation(0, 1)))
    write(d, "close-server-first", header + b"".join(conversation(2, 3, "server")))
    write(d, "reset", header + b"".join(conversation(0, 1, "rst")))
    write(d, "ipv6", header + b"".join(conversation(6, 7)))
    write(d, "refused", header + seg(0, 1, SYN, 0, 0) + seg(1, 0, RST | ACK, 0, 1))
    write(d, "syn-retransmits", header + b"".join(seg(0, 3, SYN, 0, 0, 0, 130) for _ in range(4)))
    write(d, "midstream", header + seg(4, 5, ACK, 500, 700, 10) + seg(5, 4, ACK, 700, 510))
    # TIME_WAIT then a new SYN on the same 4-tuple (port reuse), with a 1 s TIME_WAIT and a 2 s pause.
    reuse = conversation(0, 1) + [seg(0, 1, SYN, 2000, 0, 0, 129), seg(1, 0, SYN | ACK, 3000, 2001)]
    write(d, "port-reuse", bytes([63, 0, 0, 0]) + b"".join(reuse))
    # Many conversations through a table of 2: evictions of finished and half-open records, table-full drops.
    flood = []
    for c, s in ((0, 1), (2, 3), (4, 1), (2, 1), (0, 3), (6, 7)):
        flood += conversation(c, s, "client", False)[:3 if c == 2 else 7]
    write(d, "evictions", bytes([1, 0, 0, 0]) + b"".join(flood))
    # Sequence space wrapping: bases near 2^32 and VLAN-tagged segments.
    write(d, "seq-wrap-vlan", bytes([63, 0x80, 0xFF, 0xFF]) + seg(0, 1, SYN, 0, 0, vlan=1) +
          b"".join(conversation(0, 1)))


# ---- expected files -----------------------------------------------------------------------------------------------

def expected_seeds():
    d = out_dir(CAPTURE_RES + "/check/ExpectedFileFuzzTestInputs/parsesAnyText")
    for name in ("close-client-first", "ipv6-close", "port-reuse-in-time-wait", "midstream-data-only"):
        with open("replay-fixtures/captures/crafted/" + name + ".expected", "rb") as f:
            write(d, "crafted-" + name, f.read())
    for name in ("abortive", "close_wait6"):
        with open("replay-fixtures/captures/kernel/" + name + ".expected", "rb") as f:
            write(d, "kernel-" + name, f.read())
    write(d, "options-vlan-alerts", (
        "# wirestat expected results\n"
        "#options --time-wait 30s -f 'tcp port 80' \"--host\" 10.0.0.0/8\n"
        "#fields\tclient\tserver\tclient_state\tserver_state\thistory\n"
        "10.0.0.1:40000\t10.0.0.2:80\tTIME_WAIT\tCLOSED\tShADadFf\n"
        "[fd00::1]:40000\t[fd00::2]:80\tESTABLISHED\tESTABLISHED\tShA\n"
        "10.0.0.1:40000\t10.0.0.2:80%100\tSYN_SENT\tUNKNOWN\t-\n"
        "alert\tstuck_close_wait\t10.0.0.2:8080\tcount=12\n"
        "alert\tsyn_unanswered\t10.0.0.1 -> 10.0.0.2:80\tcount=1\r\n").encode())


def main():
    if not os.path.isdir(CORPUS):
        sys.exit("make-seeds.py: " + CORPUS + " not found (run from the repository root, with ../shared beside it)")
    capture_file_seeds()
    frames = all_frames()
    decoder_seeds(frames)
    bpf_seeds(frames)
    tracker_seeds()
    expected_seeds()


if __name__ == "__main__":
    main()
