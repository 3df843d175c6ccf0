#!/usr/bin/env python3
"""Socket driver for the kernel ground-truth fixtures (Python 3 standard library only).

Called by generate.sh once per scenario, after it has created two fresh network namespaces joined by a veth pair:
the client namespace (veth end "vc", 198.18.0.1 and fd00::1) and the server namespace (veth end "vs", 198.18.0.2 and
fd00::2). One process holds the sockets of both namespaces (it enters each with setns(2) before creating a socket:
a socket stays in the namespace it was created in), so both sides can be driven in one timeline.

For a scenario it: sets the scenario's sysctls, starts tcpdump on "vc" inside the client namespace (so the capture
point is the client's side of the wire: what the client sent after its netfilter OUTPUT hook, and what reached the
client before its netfilter INPUT hook), drives real sockets into the wanted states, lets the stack settle, takes
`ss -tan` and `ss -tan -o` in both namespaces, stops tcpdump, and writes <scenario>.pcap, <scenario>.ss and
<scenario>.txt into the output directory.

Exit status: 0 done, 3 the kernel did not reach the wanted state this time (generate.sh retries with fresh
namespaces), anything else a failure.
"""

import argparse
import ctypes
import errno
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

CLONE_NEWNET = 0x40000000
CLI4, SRV4 = "198.18.0.1", "198.18.0.2"
CLI6, SRV6 = "fd00::1", "fd00::2"
PORT = 8080
SNAPLEN = "96"
IO_TIMEOUT = 5.0

_libc = ctypes.CDLL(None, use_errno=True)


class StateNotReached(Exception):
    """The kernel did not end in the wanted state (timing-dependent scenarios); generate.sh retries."""


class Netns:
    """A named network namespace (/var/run/netns/<name>) that sockets can be created in."""

    def __init__(self, name, role, iface, addrs):
        self.name, self.role, self.iface, self.addrs = name, role, iface, addrs
        self.fd = os.open("/var/run/netns/" + name, os.O_RDONLY)

    def enter(self):
        # setns switches the calling thread; this driver is single threaded, so that is the whole process.
        if _libc.setns(self.fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, "setns(%s): %s" % (self.name, os.strerror(err)))

    def run(self, *cmd, stdin=None, check=True):
        return subprocess.run(("ip", "netns", "exec", self.name) + cmd, input=stdin, capture_output=True,
                              text=True, timeout=20, check=check)

    def sysctl(self, key, value):
        self.run("sysctl", "-qw", "%s=%s" % (key, value))

    def nft(self, body):
        """Installs (replacing) table inet wsk with the given input/output rules (lists of rule strings)."""
        self.run("nft", "delete", "table", "inet", "wsk", check=False)
        text = "table inet wsk {\n"
        for chain, rules in body.items():
            text += "  chain %s {\n    type filter hook %s priority 0; policy accept;\n" % (chain, chain)
            for rule in rules:
                text += "    %s\n" % rule
            text += "  }\n"
        text += "}\n"
        self.run("nft", "-f", "-", stdin=text)

    def ss(self):
        return self.run("ss", "-tan").stdout, self.run("ss", "-tan", "-o").stdout


class Context:
    """What a scenario works with: the two namespaces, the capture, and the notes that go into <scenario>.txt."""

    def __init__(self, cli, srv, pcap_path):
        self.cli, self.srv, self.pcap_path = cli, srv, pcap_path
        self.notes, self.undecidable, self.sysctls, self.rules = [], [], [], []
        self.keep = []  # sockets that must stay open until ss has been taken
        self.tcpdump = None
        self.capture_at_server = False

    # ---- capture -------------------------------------------------------------------------------------------
    def start_capture(self):
        at = self.srv if self.capture_at_server else self.cli
        self.tcpdump = subprocess.Popen(
            ("ip", "netns", "exec", at.name, "tcpdump", "-i", at.iface, "-w", self.pcap_path, "-U",
             "--immediate-mode", "-s", SNAPLEN, "-nn", "tcp or udp or icmp"),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        # tcpdump says "listening on" once the socket is bound: no packet after that line is missed.
        deadline = time.time() + 10
        line = ""
        while time.time() < deadline:
            line = self.tcpdump.stderr.readline()
            if "listening on" in line or not line:
                break
        if "listening on" not in line:
            raise RuntimeError("tcpdump did not start: " + line)
        time.sleep(0.1)

    def stop_capture(self):
        time.sleep(0.2)  # let -U flush what the last packets wrote
        self.tcpdump.send_signal(signal.SIGINT)
        try:
            self.tcpdump.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.tcpdump.kill()
            self.tcpdump.wait()

    # ---- sockets -------------------------------------------------------------------------------------------
    def listen(self, v6=False, port=PORT):
        self.srv.enter()
        s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if v6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((SRV6 if v6 else SRV4, port))
        s.listen(4096)
        s.settimeout(IO_TIMEOUT)
        self.keep.append(s)
        return s

    def client_socket(self, v6=False, bind_port=None, reuse=False):
        self.cli.enter()
        s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_STREAM)
        if reuse:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if bind_port is not None:
            s.bind((CLI6 if v6 else CLI4, bind_port))
        s.settimeout(IO_TIMEOUT)
        self.keep.append(s)
        return s

    def connect(self, v6=False, bind_port=None, reuse=False, port=PORT):
        s = self.client_socket(v6, bind_port, reuse)
        s.connect((SRV6 if v6 else SRV4, port))
        return s

    def pair(self, listener, v6=False, **kw):
        c = self.connect(v6, **kw)
        s, _ = listener.accept()
        s.settimeout(IO_TIMEOUT)
        self.keep.append(s)
        return c, s

    @staticmethod
    def exchange(c, s, n=1):
        for _ in range(n):
            c.sendall(b"GET / HTTP/1.0\r\n\r\n")
            assert s.recv(4096)
            s.sendall(b"HTTP/1.0 200 OK\r\n\r\nhello")
            assert c.recv(4096)

    @staticmethod
    def expect_eof(s):
        data = s.recv(4096)
        if data != b"":
            raise RuntimeError("expected EOF, got %r" % data)

    @staticmethod
    def tuple_of(sock):
        local, peer = sock.getsockname(), sock.getpeername()
        return fmt(local), fmt(peer)

    def undecided(self, client, server, side, state, alternatives, evidence, reason):
        """Declares an endpoint whose kernel state the wire cannot decide: what wirestat must report for it (its
        likeliest state, the alternatives, the evidence code) and why; the kernel's state must be one of them."""
        self.undecidable.append("undecidable: client=%s server=%s side=%s state=%s alternatives=%s evidence=%s "
                                "reason=%s" % (client, server, side, state, ",".join(alternatives), evidence, reason))

    def sysctl(self, ns, key, value):
        ns.sysctl(key, value)
        self.sysctls.append("%s (%s namespace): %s = %s" % (ns.name, ns.role, key, value))

    def nft(self, ns, body, why):
        ns.nft(body)
        for chain, rules in body.items():
            for rule in rules:
                self.rules.append("%s namespace, %s hook: %s" % (ns.role, chain, rule))
        self.notes.append(why)


def fmt(addr):
    host, port = addr[0], addr[1]
    return "[%s]:%d" % (host, port) if ":" in host else "%s:%d" % (host, port)


def linger0(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def ss_state(ns, local, peer):
    """The state ss shows in ns for local->peer, or None."""
    for line in ns.run("ss", "-tanH").stdout.splitlines():
        f = line.split()
        if len(f) >= 5 and norm(f[3]) == local and norm(f[4]) == peer:
            return f[0]
    return None


def wait_state(ns, local, peer, state, timeout=3.0):
    """Polls ss in ns until local->peer is in state (ss spelling); raises StateNotReached after timeout."""
    deadline = time.time() + timeout
    got = None
    while time.time() < deadline:
        got = ss_state(ns, local, peer)
        if got == state:
            return
        time.sleep(0.01)
    raise StateNotReached("%s: %s -> %s is %s, wanted %s" % (ns.role, local, peer, got, state))


def norm(text):
    text = text.replace("[::ffff:", "[").replace("%vc", "").replace("%vs", "")
    host, _, port = text.rpartition(":")
    host = host.strip("[]")
    return fmt((host, int(port))) if port.isdigit() else text


# ==== scenarios =====================================================================================================
# Each takes the Context, returns a one-line description; the capture is running when it is called (unless the
# scenario's LATE_CAPTURE flag is set: then it starts the capture itself).

def established(ctx, v6=False):
    lst = ctx.listen(v6)
    c, s = ctx.pair(lst, v6)
    ctx.exchange(c, s, 3)
    time.sleep(0.5)
    return "three request/response exchanges, then both sides idle with the sockets open"


def established6(ctx):
    return established(ctx, True) + " (IPv6)"


def time_wait_client_first(ctx, v6=False):
    lst = ctx.listen(v6)
    c, s = ctx.pair(lst, v6)
    ctx.exchange(c, s)
    c.close()
    ctx.expect_eof(s)
    s.close()
    time.sleep(0.3)
    return "data both ways; the client calls close() first (active closer: TIME_WAIT), the server reads EOF and " \
           "closes (passive closer: LAST_ACK, then CLOSED when the client's last ACK arrives)"


def time_wait6(ctx):
    return time_wait_client_first(ctx, True) + " (IPv6)"


def time_wait_server_first(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    s.close()
    ctx.expect_eof(c)
    c.close()
    time.sleep(0.3)
    return "data both ways; the server calls close() first (server TIME_WAIT), the client reads EOF and closes " \
           "(client CLOSED)"


def close_wait(ctx, v6=False):
    lst = ctx.listen(v6)
    c, s = ctx.pair(lst, v6)
    ctx.exchange(c, s)
    c.close()
    ctx.expect_eof(s)
    time.sleep(0.3)
    return "data both ways; the client calls close(); the server application reads EOF and never calls close(): " \
           "server CLOSE_WAIT, client FIN_WAIT_2 (orphaned, tcp_fin_timeout 60 s, far longer than the capture)"


def close_wait6(ctx):
    return close_wait(ctx, True) + " (IPv6)"


def last_ack(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    cli, srv = ctx.tuple_of(c)
    c.close()
    ctx.expect_eof(s)
    # The server may delay its ACK of the FIN and merge it into its own FIN: wait until the client has the ACK
    # (FIN_WAIT_2), or the drop would also swallow the ACK after the capture point.
    wait_state(ctx.cli, cli, srv, "FIN-WAIT-2")
    ctx.nft(ctx.cli, {"input": ["ip saddr %s tcp sport %d drop" % (SRV4, PORT)]},
            "After the client's FIN was acknowledged, the client namespace drops every segment from the server at "
            "its INPUT hook, i.e. after the capture point: the server's FIN (and its retransmissions) is on the wire "
            "but never reaches the client, so the client never acknowledges it.")
    s.close()
    time.sleep(1.5)
    ctx.undecided(cli, srv, "client", "FIN_WAIT_2", ["TIME_WAIT", "CLOSED"], "fin_unacknowledged",
                  "the server's FIN (retransmitted) was dropped on the client's ingress, after the capture point: a FIN "
                  "that never arrived (FIN_WAIT_2, its kernel here) looks the same as one received whose ACK was lost "
                  "before the capture point (TIME_WAIT, see last_ack_ack_lost); the unanswered retransmissions leave "
                  "the client possibly gone (CLOSED)")
    return "client closes first; the server then closes, but its FIN is dropped on the client's ingress (after " \
           "the capture point): server LAST_ACK retransmitting its FIN, client FIN_WAIT_2. The server is decidable " \
           "(its FIN is never acknowledged); the client is not: its wire is the same as last_ack_ack_lost's, where " \
           "the client received the FIN and its ACK was lost"


def last_ack_ack_lost(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    cli, srv = ctx.tuple_of(c)
    c.close()
    ctx.expect_eof(s)
    wait_state(ctx.cli, cli, srv, "FIN-WAIT-2")
    ctx.nft(ctx.cli, {"output": ["ip daddr %s tcp dport %d drop" % (SRV4, PORT)]},
            "After the client's FIN was acknowledged, the client namespace drops every segment it sends to the "
            "server at its OUTPUT hook, i.e. before the capture point: the client's final ACK never appears.")
    s.close()
    time.sleep(1.5)
    ctx.undecided(cli, srv, "client", "FIN_WAIT_2", ["TIME_WAIT", "CLOSED"], "fin_unacknowledged",
                  "the client received the server's FIN (TIME_WAIT, its kernel here) but its ACK was dropped before the "
                  "capture point: the wire looks the same as a FIN lost after the capture point (FIN_WAIT_2, see "
                  "last_ack); the unanswered retransmissions leave the client possibly gone (CLOSED)")
    return "client closes first; the server closes; the client receives the FIN (client TIME_WAIT) but its final " \
           "ACK is dropped before it reaches the wire: server LAST_ACK retransmitting its FIN"


def fin_wait_1(ctx, undecided=True):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    ctx.nft(ctx.srv, {"input": ["ip saddr %s tcp dport %d drop" % (CLI4, PORT)]},
            "After the exchange, the server namespace drops every segment from the client at its INPUT hook (the "
            "peer stops acknowledging).")
    cli, srv = ctx.tuple_of(c)
    ctx.last_tuple = (cli, srv)
    c.close()
    time.sleep(1.5)
    if undecided:
        ctx.undecided(cli, srv, "server", "ESTABLISHED", ["CLOSE_WAIT", "CLOSED"], "fin_unacknowledged",
                  "the client's FIN (retransmitted) was dropped on the server's ingress, after the capture point: the "
                  "wire cannot tell a FIN that never arrived (ESTABLISHED, its kernel here) from one received whose ACK "
                  "was lost (CLOSE_WAIT); the unanswered retransmissions leave the server possibly gone (CLOSED)")
    return "data both ways; the server's namespace then stops receiving; the client calls close(): its FIN is " \
           "retransmitted, never acknowledged: client FIN_WAIT_1, server still ESTABLISHED"


def syn_sent(ctx):
    ctx.nft(ctx.srv, {"input": ["ip saddr %s tcp dport %d drop" % (CLI4, PORT)]},
            "The server namespace drops every segment to port %d at its INPUT hook: the SYNs are on the wire but "
            "never answered." % PORT)
    c = ctx.client_socket()
    c.setblocking(False)
    rc = c.connect_ex((SRV4, PORT))
    if rc != errno.EINPROGRESS:
        raise RuntimeError("connect_ex: %d" % rc)
    time.sleep(1.5)
    local = fmt(c.getsockname())
    ctx.undecided(local, "%s:%d" % (SRV4, PORT), "server", "CLOSED", ["SYN_RECV"], "sent_nothing",
                  "the server sent nothing: its namespace dropped the SYNs on ingress; the wire cannot tell a host with "
                  "no socket for the connection (CLOSED, its kernel here) from one that got the SYN and whose SYN-ACK "
                  "was lost before the capture point (SYN_RECV, see syn_sent_synack_dropped)")
    return "non-blocking connect() to a server whose namespace drops the SYNs: client SYN_SENT (SYN retransmitted " \
           "after 1 s), no socket on the server"


def refused(ctx):
    c = ctx.client_socket()
    try:
        c.connect((SRV4, PORT))
        raise RuntimeError("connect to a closed port succeeded")
    except ConnectionRefusedError:
        pass
    time.sleep(0.3)
    return "connect() to a port nothing listens on: the server's kernel answers the SYN with RST+ACK; no socket " \
           "is left on either side"


def syn_recv(ctx):
    lst = ctx.listen()
    ctx.nft(ctx.cli, {"output": ["ip daddr %s tcp dport %d tcp flags & syn == 0 drop" % (SRV4, PORT)]},
            "The client namespace drops every segment without SYN it sends to the server at its OUTPUT hook "
            "(before the capture point): the handshake's final ACK never appears on the wire.")
    c = ctx.connect()
    time.sleep(1.5)
    cli, srv = ctx.tuple_of(c)
    ctx.undecided(cli, srv, "client", "SYN_SENT", ["ESTABLISHED"], "synack_unacknowledged",
                  "the client received the SYN-ACK (ESTABLISHED, its kernel here) but its ACK was dropped before the "
                  "capture point, and it did not repeat its SYN: the wire looks the same as a SYN-ACK lost after the "
                  "capture point (SYN_SENT)")
    return "the client's connect() completes, but its final handshake ACK (and its re-ACKs of the retransmitted " \
           "SYN-ACKs) is dropped before the wire: server SYN_RECV retransmitting the SYN-ACK; the accept queue " \
           "never sees the connection"


def syn_recv_synack_lost(ctx):
    lst = ctx.listen()
    ctx.nft(ctx.cli, {"input": ["ip saddr %s tcp sport %d drop" % (SRV4, PORT)]},
            "The client namespace drops every segment from the server at its INPUT hook (after the capture "
            "point): the SYN-ACK is on the wire but the client never receives it.")
    c = ctx.client_socket()
    c.setblocking(False)
    rc = c.connect_ex((SRV4, PORT))
    if rc != errno.EINPROGRESS:
        raise RuntimeError("connect_ex: %d" % rc)
    time.sleep(1.5)
    return "the SYN reaches the server, its SYN-ACK is lost on the client's ingress: server SYN_RECV, client " \
           "SYN_SENT retransmitting its SYN; both decidable (the client never acknowledges the SYN-ACK)"


def closing(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    time.sleep(0.2)
    # The FINs must cross: each side sends its FIN before it receives the peer's. veth delivers in microseconds
    # (within the sending syscall), so both ends get a token bucket and a UDP filler datagram that empties it just
    # before the FINs are queued: each FIN then waits ~0.3 s in its own qdisc. (No netem in this kernel.)
    for ns in (ctx.cli, ctx.srv):
        ns.run("tc", "qdisc", "replace", "dev", ns.iface, "root", "tbf", "rate", "32kbit", "burst", "1600",
               "limit", "100000")
    ctx.notes.append("Both veth ends get `tc qdisc replace dev <veth> root tbf rate 32kbit burst 1600 limit 100000` "
                     "before the close, and each side sends two 1400-byte UDP datagrams (to port 9) just before "
                     "its shutdown(): they drain the token bucket, so each FIN waits ~0.3 s in its own qdisc and the "
                     "two FINs cross on the wire.")
    ctx.nft(ctx.cli, {
        "input": ["ip saddr %s tcp sport %d tcp flags & fin == fin quota until 80 bytes accept" % (SRV4, PORT),
                  "ip saddr %s tcp sport %d drop" % (SRV4, PORT)],
        "output": ["ip daddr %s tcp dport %d tcp flags & fin == fin quota until 80 bytes accept" % (SRV4, PORT),
                   "ip daddr %s tcp dport %d drop" % (SRV4, PORT)]},
        "The client namespace lets exactly one FIN through in each direction (quota until 80 bytes: one 52-byte "
        "FIN) and drops every other TCP segment of the connection: at its OUTPUT hook (before the capture point) "
        "its ACK of the server's FIN and its retransmitted FINs; at its INPUT hook (after the capture point) the "
        "server's ACK of the client's FIN and the server's retransmitted FINs. So neither FIN is ever acknowledged "
        "to its sender and both sides stay in CLOSING.")
    udp = []
    for ns, dst in ((ctx.cli, SRV4), (ctx.srv, CLI4)):
        ns.enter()
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.append((u, dst))
        ctx.keep.append(u)
    for u, dst in udp:
        u.sendto(b"f" * 1400, (dst, 9))
        u.sendto(b"f" * 1400, (dst, 9))
    c.shutdown(socket.SHUT_WR)
    s.shutdown(socket.SHUT_WR)
    time.sleep(2.0)
    cli, srv = ctx.tuple_of(c)
    got = (ss_state(ctx.cli, cli, srv), ss_state(ctx.srv, srv, cli))
    if got != ("CLOSING", "CLOSING"):
        raise StateNotReached("wanted CLOSING on both sides, ss says client=%s server=%s" % got)
    ctx.undecided(cli, srv, "client", "FIN_WAIT_2", ["FIN_WAIT_1", "CLOSING", "TIME_WAIT"], "crossing_fins_unacknowledged",
                  "the FINs crossed; the client's ACK of the server's FIN was dropped before the capture point, the "
                  "server's ACK of the client's FIN after it, and the client sent nothing after the server's FIN: the "
                  "wire cannot show whether the client received the server's FIN, nor whether it received the ACK of "
                  "its own (its kernel: CLOSING)")
    return "simultaneous close: both sides call shutdown(SHUT_WR) while both FINs are held in the qdiscs; the FINs " \
           "cross, each side receives the peer's FIN in FIN_WAIT_1 and moves to CLOSING; every later ACK and FIN " \
           "retransmission is dropped, so both stay in CLOSING"


def abortive(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    linger0(c)
    c.close()
    try:
        s.recv(4096)
    except ConnectionResetError:
        pass
    time.sleep(0.3)
    return "data both ways; the client sets SO_LINGER {on, 0} and calls close(): the kernel sends RST instead of " \
           "FIN; both sockets are gone (the server's read fails with ECONNRESET)"


def half_open(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    ctx.nft(ctx.srv, {"input": ["meta l4proto tcp drop"], "output": ["meta l4proto tcp drop"]},
            "After the exchange the server namespace drops all TCP in and out (the host vanished, its socket "
            "survives).")
    c.sendall(b"x" * 200)
    time.sleep(2.0)
    cli, srv = ctx.tuple_of(c)
    ctx.undecided(cli, srv, "server", "ESTABLISHED", ["CLOSED"], "peer_silent",
                  "the server's namespace drops all TCP and the client's retransmissions go unanswered: the wire cannot "
                  "tell a host whose socket survives behind a broken path (ESTABLISHED, its kernel here) from one that "
                  "lost it (CLOSED, see client_vanished)")
    return "data both ways; the server host then vanishes (its namespace drops all TCP); the client sends 200 bytes " \
           "and retransmits them unacknowledged: both sockets still ESTABLISHED"


def half_open_keepalive(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 30)
    ctx.exchange(c, s)
    ctx.nft(ctx.srv, {"input": ["meta l4proto tcp drop"], "output": ["meta l4proto tcp drop"]},
            "After the exchange the server namespace drops all TCP in and out.")
    time.sleep(3.5)
    ctx.notes.append("Client socket options: SO_KEEPALIVE on, TCP_KEEPIDLE 1 s, TCP_KEEPINTVL 1 s, TCP_KEEPCNT 30.")
    cli, srv = ctx.tuple_of(c)
    ctx.undecided(cli, srv, "server", "ESTABLISHED", ["CLOSED"], "peer_silent",
                  "the server's namespace drops all TCP and the client's keep-alives go unanswered: the wire cannot "
                  "tell a host whose socket survives behind a broken path (ESTABLISHED, its kernel here) from one that "
                  "lost it (CLOSED)")
    return "data both ways; the server host vanishes; the idle client sends a keep-alive probe every second, " \
           "none answered (30 allowed, so it has not given up): both sockets still ESTABLISHED"


def port_reuse(ctx):
    lst = ctx.listen()
    port = 40000
    c, s = ctx.pair(lst, bind_port=port, reuse=True)
    ctx.exchange(c, s)
    c.close()
    ctx.expect_eof(s)
    s.close()
    time.sleep(0.2)
    c2 = ctx.client_socket(bind_port=port, reuse=True)
    try:
        c2.connect((SRV4, PORT))
        reuse = ctx.cli.run("sysctl", "-n", "net.ipv4.tcp_tw_reuse").stdout.strip()
        ctx.notes.append("Observed with the namespace's default net.ipv4.tcp_tw_reuse = %s: bind() with SO_REUSEADDR "
                         "and connect() on the 4-tuple held by the client's own TIME_WAIT socket both succeeded "
                         "0.2 s after the close, the new SYN carries a new, higher ISN, and ss shows only the new "
                         "connection (the TIME_WAIT socket was taken over). Older kernels refuse such a connect() "
                         "with EADDRNOTAVAIL unless tcp_tw_reuse allows it; this driver then sets tcp_tw_reuse = 1 "
                         "and retries after 1 s." % reuse)
        c2b = c2
    except OSError as ex:
        ctx.notes.append("With the default net.ipv4.tcp_tw_reuse (2: loopback only) bind() with SO_REUSEADDR "
                         "succeeds but connect() fails with %s: the client's own TIME_WAIT socket owns the 4-tuple."
                         % errno.errorcode.get(ex.errno, ex.errno))
        c2.close()
        ctx.sysctl(ctx.cli, "net.ipv4.tcp_tw_reuse", 1)
        time.sleep(1.1)  # tw_reuse wants the TIME_WAIT socket's last timestamp to be at least 1 s old
        c2b = ctx.connect(bind_port=port, reuse=True)
        ctx.notes.append("With tcp_tw_reuse = 1 and the TIME_WAIT socket more than 1 s old, connect() takes over the "
                         "4-tuple: the TIME_WAIT socket is destroyed and a new SYN (new ISN) goes out.")
    s2, _ = lst.accept()
    ctx.keep.append(s2)
    ctx.exchange(c2b, s2)
    time.sleep(0.3)
    return "client binds source port %d with SO_REUSEADDR, exchanges, closes first (TIME_WAIT); then binds the same " \
           "port again and connects to the same server: a new connection on the same 4-tuple, ESTABLISHED on both " \
           "sides (the test compares the newest connection of a 4-tuple with ss)" % port


def port_reuse_server_tw(ctx):
    lst = ctx.listen()
    port = 40001
    c, s = ctx.pair(lst, bind_port=port, reuse=True)
    ctx.exchange(c, s)
    s.close()
    ctx.expect_eof(c)
    c.close()
    time.sleep(0.2)
    c2, s2 = ctx.pair(lst, bind_port=port, reuse=True)
    ctx.exchange(c2, s2)
    time.sleep(0.3)
    return "client binds source port %d, exchanges; the server closes first (server TIME_WAIT); the client binds the " \
           "same port again and connects: the server's TIME_WAIT socket accepts the new SYN (higher sequence " \
           "number) and a new connection on the same 4-tuple is ESTABLISHED on both sides" % port


def midstream(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    ctx.start_capture()
    ctx.exchange(c, s, 2)
    time.sleep(0.3)
    return "handshake and first exchange before tcpdump starts; two more exchanges captured: both ESTABLISHED, " \
           "picked up mid-stream"


def midstream_close_wait(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    ctx.start_capture()
    ctx.exchange(c, s)
    c.close()
    ctx.expect_eof(s)
    time.sleep(0.3)
    return "handshake before tcpdump starts; one exchange captured, then the client closes and the server never " \
           "does: client FIN_WAIT_2, server CLOSE_WAIT, picked up mid-stream"


def time_wait_pileup(ctx):
    lst = ctx.listen()
    ctx.sysctl(ctx.cli, "net.ipv4.tcp_max_tw_buckets", 65536)
    n = 1000
    for _ in range(n):
        c, s = ctx.pair(lst)
        c.close()
        ctx.expect_eof(s)
        s.close()
        ctx.keep.remove(c)
        ctx.keep.remove(s)
    time.sleep(0.5)
    return "%d connections from one client to one server; each: handshake, client close() first, server close(): " \
           "%d client sockets in TIME_WAIT" % (n, n)


def close_wait_pileup(ctx):
    lst = ctx.listen()
    n = 600
    for i in range(n):
        c, s = ctx.pair(lst)
        c.sendall(b"ping")
        assert s.recv(16)
        c.close()
        ctx.expect_eof(s)
        ctx.keep.remove(c)
        if i % 2 == 1:
            s.close()
            ctx.keep.remove(s)
    # Packet time moves only with packets: hold the leak, then let one ordinary connection come and go (a busy
    # service has other traffic), so the capture shows the CLOSE_WAIT sockets aged by the hold.
    time.sleep(2.5)
    c, s = ctx.pair(lst)
    c.sendall(b"late")
    assert s.recv(16)
    c.close()
    ctx.expect_eof(s)
    s.close()
    ctx.keep.remove(c)
    ctx.keep.remove(s)
    time.sleep(0.5)
    return "%d connections; every one: 4 bytes client to server, client close() first; the server closes every " \
           "other one (client TIME_WAIT) and leaks the rest (%d server CLOSE_WAIT, client FIN_WAIT_2); after a " \
           "2.5 s hold, one more connection comes and goes normally, so the leak is 2.5 s old in packet time" \
           % (n, n // 2)


def demo(ctx):
    """The README's sample: what an SRE meets on a busy host, made by the real stack, with default thresholds."""
    ctx.sysctl(ctx.cli, "net.ipv4.tcp_fin_timeout", "120")
    web = ctx.listen(port=PORT)
    web6 = ctx.listen(True, port=PORT)
    leaky = ctx.listen(port=9000)
    ctx.nft(ctx.srv, {"input": ["ip saddr %s tcp dport 7000 drop" % CLI4]},
            "The server namespace drops SYNs to port 7000 at its INPUT hook (a black-holed service).")
    # Two long-lived connections, one per address family.
    c4, s4 = ctx.pair(web)
    ctx.exchange(c4, s4, 2)
    c6, s6 = ctx.pair(web6, True)
    ctx.exchange(c6, s6, 2)
    # A service on port 9000 whose application never closes: each client request, then the client closes.
    for _ in range(12):
        c, s = ctx.pair(leaky, port=9000)
        ctx.exchange(c, s)
        c.close()
        ctx.expect_eof(s)
        ctx.keep.remove(c)
    # A connect() to the black-holed port 7000: SYN retransmitted, never answered.
    blackhole = ctx.client_socket()
    blackhole.setblocking(False)
    if blackhole.connect_ex((SRV4, 7000)) != errno.EINPROGRESS:
        raise RuntimeError("connect_ex to port 7000 did not start")
    ctx.undecided(fmt(blackhole.getsockname()), "%s:7000" % SRV4, "server", "CLOSED", ["SYN_RECV"], "sent_nothing",
                  "the server sent nothing: its namespace dropped the SYNs to port 7000 on ingress; the wire cannot "
                  "tell a host with no socket for the connection (CLOSED, its kernel here) from one that got the SYN "
                  "and whose SYN-ACK was lost before the capture point (SYN_RECV)")
    # An hour is too long for a fixture; 62 s passes the default CLOSE_WAIT and FIN_WAIT_2 thresholds (60 s).
    time.sleep(62)
    # Then a burst of short requests: the clients close first and sit in TIME_WAIT.
    for _ in range(30):
        c, s = ctx.pair(web)
        ctx.exchange(c, s)
        c.close()
        ctx.expect_eof(s)
        s.close()
        ctx.keep.remove(c)
        ctx.keep.remove(s)
    # A connection refused by a port nothing listens on, and one more exchange on the long-lived connection.
    r = ctx.client_socket()
    try:
        r.connect((SRV4, 9999))
        raise RuntimeError("connect to a closed port succeeded")
    except ConnectionRefusedError:
        pass
    ctx.exchange(c4, s4)
    time.sleep(0.5)
    return "two long-lived connections (IPv4, IPv6); 12 requests to a service on port 9000 that never closes its " \
           "sockets (server CLOSE_WAIT, client FIN_WAIT_2 with the client's tcp_fin_timeout raised to 120 s so the " \
           "orphans outlive the capture); a connect() to port 7000, whose SYNs the server drops; a 62 s pause; 30 " \
           "short requests whose clients close first (TIME_WAIT); a connection refused on port 9999; one more " \
           "exchange on the IPv4 long-lived connection"


# ---- what the wire cannot decide (issue 10): drops before and after the capture point, on either side ------------

def time_wait_ack_lost_server(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    cli, srv = ctx.tuple_of(c)
    s.close()
    ctx.expect_eof(c)
    wait_state(ctx.srv, srv, cli, "FIN-WAIT-2")
    ctx.nft(ctx.srv, {"output": ["ip daddr %s tcp sport %d drop" % (CLI4, PORT)]},
            "After the server's FIN was acknowledged, the server namespace drops every segment it sends to the "
            "client at its OUTPUT hook (before the wire, so before the capture point on the client's side): the "
            "server's final ACK never appears.")
    c.close()
    time.sleep(1.5)
    ctx.undecided(cli, srv, "server", "FIN_WAIT_2", ["TIME_WAIT", "CLOSED"], "fin_unacknowledged",
                  "the server received the client's FIN (TIME_WAIT, its kernel here) but its ACK was dropped on the "
                  "server's egress, before the wire: the wire looks the same as a FIN lost on the way to the server "
                  "(FIN_WAIT_2); the client's unanswered retransmissions leave the server possibly gone (CLOSED)")
    return "the server closes first; the client then closes, the server receives the FIN (server TIME_WAIT) but its " \
           "final ACK is dropped on its own egress: client LAST_ACK retransmitting its FIN (row 1 of issue 10, " \
           "mirrored to the server side)"


def last_ack_final_ack_lost(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    cli, srv = ctx.tuple_of(c)
    c.close()
    ctx.expect_eof(s)
    wait_state(ctx.cli, cli, srv, "FIN-WAIT-2")
    ctx.nft(ctx.srv, {"input": ["ip saddr %s tcp dport %d drop" % (CLI4, PORT)]},
            "After the client's FIN was acknowledged, the server namespace drops every segment from the client at its "
            "INPUT hook, i.e. after the capture point: the client's final ACK (and its re-ACKs) is on the wire but "
            "never reaches the server.")
    s.close()
    time.sleep(1.5)
    ctx.undecided(cli, srv, "server", "LAST_ACK", ["CLOSED"], "fin_retransmitted_after_ack",
                  "the client's final ACK is on the wire but was dropped on the server's ingress, after the capture "
                  "point; the server retransmitting its FIN after that ACK shows it did not arrive (LAST_ACK, its "
                  "kernel here); whether one of the client's later re-ACKs arrived the wire cannot show (CLOSED)")
    return "client closes first; the server closes; the client acknowledges the server's FIN (client TIME_WAIT), " \
           "but the ACK is dropped on the server's ingress: server LAST_ACK retransmitting its FIN, each " \
           "retransmission re-acknowledged by the client on the wire"


def closing_acks_lost(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    time.sleep(0.2)
    for ns in (ctx.cli, ctx.srv):
        ns.run("tc", "qdisc", "replace", "dev", ns.iface, "root", "tbf", "rate", "32kbit", "burst", "1600",
               "limit", "100000")
    ctx.notes.append("Both veth ends get `tc qdisc replace dev <veth> root tbf rate 32kbit burst 1600 limit 100000` "
                     "before the close, and each side sends two 1400-byte UDP datagrams (to port 9) just before "
                     "its shutdown(): they drain the token bucket, so each FIN waits ~0.3 s in its own qdisc and the "
                     "two FINs cross on the wire. (No netem in this kernel.)")
    ctx.nft(ctx.cli, {"output": [
        "ip daddr %s tcp dport %d tcp flags & fin == fin quota until 80 bytes accept" % (SRV4, PORT),
        "ip daddr %s tcp dport %d drop" % (SRV4, PORT)]},
        "The client namespace lets its first FIN out and drops every later segment of the connection at its OUTPUT "
        "hook (before the capture point): its ACK of the server's FIN and its FIN retransmissions never appear.")
    ctx.nft(ctx.srv, {"output": [
        "ip daddr %s tcp sport %d tcp flags & fin == fin quota until 80 bytes accept" % (CLI4, PORT),
        "ip daddr %s tcp sport %d drop" % (CLI4, PORT)]},
        "The server namespace does the same at its OUTPUT hook: its first FIN goes out, its ACK of the client's FIN "
        "and its retransmissions do not. Both FINs are delivered; every ACK is lost; the wire holds the two FINs.")
    udp = []
    for ns, dst in ((ctx.cli, SRV4), (ctx.srv, CLI4)):
        ns.enter()
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.append((u, dst))
        ctx.keep.append(u)
    for u, dst in udp:
        u.sendto(b"f" * 1400, (dst, 9))
        u.sendto(b"f" * 1400, (dst, 9))
    c.shutdown(socket.SHUT_WR)
    s.shutdown(socket.SHUT_WR)
    time.sleep(2.0)
    cli, srv = ctx.tuple_of(c)
    got = (ss_state(ctx.cli, cli, srv), ss_state(ctx.srv, srv, cli))
    if got != ("CLOSING", "CLOSING"):
        raise StateNotReached("wanted CLOSING on both sides, ss says client=%s server=%s" % got)
    ctx.undecided(cli, srv, "client", "FIN_WAIT_1", ["CLOSING"], "crossing_fins_unacknowledged",
                  "the two FINs crossed and neither was acknowledged on the wire: the client received the server's "
                  "FIN (CLOSING, its kernel here) but its ACK was dropped before the wire, which looks the same as "
                  "a FIN lost after the capture point (FIN_WAIT_1); no later segment from the client decides it")
    ctx.undecided(cli, srv, "server", "FIN_WAIT_1", ["CLOSING"], "crossing_fins_unacknowledged",
                  "the same for the server: it received the client's FIN (CLOSING, its kernel here) and its ACK was "
                  "dropped before the wire, which looks the same as a FIN lost on the way (FIN_WAIT_1); both sides "
                  "answer within microseconds here, so the capture point gives no reason to prefer either")
    return "simultaneous close with every ACK lost: both sides call shutdown(SHUT_WR) while both FINs are held in " \
           "the qdiscs; the FINs cross and are delivered, each side moves to CLOSING; each side's ACKs and FIN " \
           "retransmissions are dropped on its own egress (row 2 of issue 10)"


def fin_wait_1_server_capture(ctx):
    description = fin_wait_1(ctx, undecided=False)
    cli, srv = ctx.last_tuple
    ctx.undecided(cli, srv, "server", "ESTABLISHED", ["CLOSE_WAIT", "CLOSED"], "fin_unacknowledged",
                  "captured on the server's side: the client's FIN (retransmitted) reached the server's host and was "
                  "dropped at its INPUT hook, after the capture point; the wire cannot tell that (ESTABLISHED, its "
                  "kernel here) from a FIN received whose ACK was lost (CLOSE_WAIT); the unanswered "
                  "retransmissions leave the server possibly gone (CLOSED)")
    return description + " (captured on the server's end of the veth)"


def syn_recv_ack_lost(ctx):
    lst = ctx.listen()
    ctx.nft(ctx.srv, {"input": ["ip saddr %s tcp dport %d tcp flags & syn == 0 drop" % (CLI4, PORT)]},
            "The server namespace drops every segment without SYN from the client at its INPUT hook (after the "
            "capture point on the client's side): the handshake's final ACK is on the wire but never arrives.")
    c = ctx.connect()
    cli, srv = ctx.tuple_of(c)
    time.sleep(1.5)
    ctx.undecided(cli, srv, "server", "SYN_RECV", ["ESTABLISHED"], "synack_retransmitted_after_ack",
                  "the client's ACK of the SYN-ACK is on the wire but was dropped on the server's ingress; the server "
                  "repeating its SYN-ACK after that ACK shows it did not arrive (SYN_RECV, its kernel here); whether "
                  "a later re-ACK arrived the wire cannot show (ESTABLISHED)")
    return "the client's connect() completes (client ESTABLISHED), but its handshake ACK is dropped on the server's " \
           "ingress, after the capture point: server SYN_RECV retransmitting its SYN-ACK, each copy re-acknowledged " \
           "by the client on the wire (row 4 of issue 10)"


def syn_sent_synack_dropped(ctx):
    ctx.listen()
    ctx.nft(ctx.srv, {"output": ["ip daddr %s tcp sport %d drop" % (CLI4, PORT)]},
            "The server namespace drops every segment it sends to the client at its OUTPUT hook (before the wire): "
            "its SYN-ACKs never appear.")
    c = ctx.client_socket()
    c.setblocking(False)
    rc = c.connect_ex((SRV4, PORT))
    if rc != errno.EINPROGRESS:
        raise RuntimeError("connect_ex: %d" % rc)
    time.sleep(1.5)
    local = fmt(c.getsockname())
    ctx.undecided(local, "%s:%d" % (SRV4, PORT), "server", "CLOSED", ["SYN_RECV"], "sent_nothing",
                  "the server received the SYN and answered (SYN_RECV, its kernel here), but its SYN-ACKs were "
                  "dropped on its egress: the wire shows only SYNs, as when no socket answers at all (CLOSED, see "
                  "syn_sent)")
    return "non-blocking connect() to a listening server whose SYN-ACKs are dropped on its own egress: client " \
           "SYN_SENT retransmitting its SYN, server SYN_RECV (ss lists the request)"


def client_vanished(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    cli, srv = ctx.tuple_of(c)
    ctx.nft(ctx.cli, {"input": ["meta l4proto tcp drop"], "output": ["meta l4proto tcp drop"]},
            "After the exchange the client namespace drops all TCP in and out, then the client's socket is closed "
            "with SO_LINGER {1, 0}: its RST is dropped on the way out, so the client vanishes silently (no socket, "
            "nothing on the wire), as a host that crashed or lost power.")
    linger0(c)
    c.close()
    ctx.keep.remove(c)
    s.sendall(b"x" * 200)
    time.sleep(2.0)
    ctx.undecided(cli, srv, "client", "ESTABLISHED", ["CLOSED"], "peer_silent",
                  "the client vanished without a word (CLOSED, its kernel here: no socket) and the server's "
                  "retransmissions go unanswered; the wire cannot tell that from a client whose socket survives "
                  "behind a broken path (ESTABLISHED, see half_open); after a few seconds neither is the likelier")
    return "data both ways; then the client vanishes silently (its namespace drops all TCP and its socket is " \
           "closed, the RST dropped); the server sends 200 bytes and retransmits them unanswered: client CLOSED, " \
           "server ESTABLISHED (row 6 of issue 10)"


def midstream_after_fin(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    cli, srv = ctx.tuple_of(c)
    c.shutdown(socket.SHUT_WR)
    ctx.expect_eof(s)
    wait_state(ctx.cli, cli, srv, "FIN-WAIT-2")
    ctx.start_capture()
    for _ in range(2):
        s.sendall(b"HTTP/1.0 200 OK\r\n\r\nmore")
        assert c.recv(4096)
    time.sleep(0.3)
    ctx.undecided(cli, srv, "client", "ESTABLISHED", ["FIN_WAIT_2"], "picked_up_midstream",
                  "the capture began after the client's FIN and the server's ACK of it: the client only acknowledges "
                  "the server's data, as an idle client (ESTABLISHED) would; its kernel is FIN_WAIT_2")
    ctx.undecided(cli, srv, "server", "ESTABLISHED", ["CLOSE_WAIT"], "picked_up_midstream",
                  "the same capture: the server only sends data, as it would in ESTABLISHED; its kernel is CLOSE_WAIT "
                  "(the client's FIN passed before the capture began)")
    return "handshake, one exchange, then the client calls shutdown(SHUT_WR) (client FIN_WAIT_2, server CLOSE_WAIT) " \
           "before tcpdump starts; two more responses from the server are captured (row 7 of issue 10)"


SCENARIOS = {f.__name__: f for f in (
    established, time_wait_client_first, time_wait_server_first, close_wait, last_ack, last_ack_ack_lost, fin_wait_1,
    syn_sent, refused, syn_recv, syn_recv_synack_lost, closing, abortive, half_open, half_open_keepalive, port_reuse,
    port_reuse_server_tw, midstream, midstream_close_wait, established6, time_wait6, close_wait6, time_wait_pileup,
    close_wait_pileup, demo, time_wait_ack_lost_server, last_ack_final_ack_lost, closing_acks_lost,
    fin_wait_1_server_capture, syn_recv_ack_lost, syn_sent_synack_dropped, client_vanished, midstream_after_fin)}
LATE_CAPTURE = {"midstream", "midstream_close_wait", "midstream_after_fin"}
# Captured on the server's end of the veth ("vs", in the server namespace) instead of the client's.
CAPTURE_AT_SERVER = {"fin_wait_1_server_capture"}


def write_ss(path, ctx, snaps):
    with open(path, "w") as f:
        for ns, (plain, timers) in zip((ctx.cli, ctx.srv), snaps):
            f.write("=== namespace %s role %s addresses %s\n" % (ns.name, ns.role, " ".join(ns.addrs)))
            f.write("--- ss -tan\n")
            f.write(plain)
            f.write("--- ss -tan -o\n")
            f.write(timers)


def write_txt(path, name, ctx, description):
    kernel = os.uname().release
    lines = [
        "scenario: %s" % name,
        "what: %s" % description,
        ("capture: tcpdump -i vs -w %s.pcap -U --immediate-mode -s %s, inside the server namespace (vs is the "
         "server's end of the veth pair): the server's segments after its netfilter OUTPUT hook, the client's "
         "before the server's INPUT hook" if ctx.capture_at_server else
         "capture: tcpdump -i vc -w %s.pcap -U --immediate-mode -s %s, inside the client namespace (vc is the "
         "client's end of the veth pair): the client's segments after its netfilter OUTPUT hook, the server's "
         "before the client's INPUT hook") % (name, SNAPLEN),
        "client namespace: %s (%s)" % (ctx.cli.name, ", ".join(ctx.cli.addrs)),
        "server namespace: %s (%s)" % (ctx.srv.name, ", ".join(ctx.srv.addrs)),
        "kernel: %s" % kernel,
        "ss: taken in both namespaces after the stack settled, before tcpdump was stopped (see %s.ss)" % name,
    ]
    lines += ["sysctl: " + s for s in ctx.sysctls] or ["sysctl: none changed from the namespace defaults"]
    lines += ["drop rule: " + r for r in ctx.rules]
    lines += ["note: " + n for n in ctx.notes]
    lines += ctx.undecidable
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli-ns", required=True)
    ap.add_argument("--srv-ns", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("scenario", choices=sorted(SCENARIOS))
    args = ap.parse_args()
    signal.alarm(120)  # bounded whatever happens: SIGALRM kills the driver

    cli = Netns(args.cli_ns, "client", "vc", (CLI4, CLI6))
    srv = Netns(args.srv_ns, "server", "vs", (SRV4, SRV6))
    tmp = tempfile.mkdtemp(prefix="wsk-")
    pcap = os.path.join(tmp, args.scenario + ".pcap")
    os.chmod(tmp, 0o777)  # tcpdump may drop privileges to its own user before writing
    ctx = Context(cli, srv, pcap)
    try:
        ctx.capture_at_server = args.scenario in CAPTURE_AT_SERVER
        if args.scenario not in LATE_CAPTURE:
            ctx.start_capture()
        try:
            description = SCENARIOS[args.scenario](ctx)
            time.sleep(0.2)
            snaps = (cli.ss(), srv.ss())
        finally:
            if ctx.tcpdump is not None:
                ctx.stop_capture()
        os.makedirs(args.out, exist_ok=True)
        base = os.path.join(args.out, args.scenario)
        write_ss(base + ".ss", ctx, snaps)
        write_txt(base + ".txt", args.scenario, ctx, description)
        shutil.copyfile(pcap, base + ".pcap")
        return 0
    except StateNotReached as ex:
        print("driver: %s: %s" % (args.scenario, ex), file=sys.stderr)
        return 3
    finally:
        for s in ctx.keep:
            try:
                s.close()
            except OSError:
                pass
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
