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

    # ---- capture -------------------------------------------------------------------------------------------
    def start_capture(self):
        self.tcpdump = subprocess.Popen(
            ("ip", "netns", "exec", self.cli.name, "tcpdump", "-i", self.cli.iface, "-w", self.pcap_path, "-U",
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

    def undecided(self, client, server, side, wire_state, reason):
        self.undecidable.append("undecidable: client=%s server=%s side=%s wire=%s reason=%s"
                                % (client, server, side, wire_state, reason))

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
    return "client closes first; the server then closes, but its FIN is dropped on the client's ingress (after " \
           "the capture point): server LAST_ACK retransmitting its FIN, client FIN_WAIT_2. Both are decidable from " \
           "the wire: the FIN is never acknowledged, and the client never shows it received it. (Dropping the " \
           "client's final ACK instead would leave one endpoint undecidable: see last_ack_ack_lost.)"


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
    ctx.undecided(cli, srv, "client", "FIN_WAIT_2",
                  "the client received the server's FIN (its kernel is TIME_WAIT) but its ACK was dropped before the "
                  "capture point: nothing on the wire shows the client received the FIN")
    return "client closes first; the server closes; the client receives the FIN (client TIME_WAIT) but its final " \
           "ACK is dropped before it reaches the wire: server LAST_ACK retransmitting its FIN"


def fin_wait_1(ctx):
    lst = ctx.listen()
    c, s = ctx.pair(lst)
    ctx.exchange(c, s)
    ctx.nft(ctx.srv, {"input": ["ip saddr %s tcp dport %d drop" % (CLI4, PORT)]},
            "After the exchange, the server namespace drops every segment from the client at its INPUT hook (the "
            "peer stops acknowledging).")
    c.close()
    time.sleep(1.5)
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
    ctx.undecided(local, "%s:%d" % (SRV4, PORT), "server", "UNKNOWN",
                  "the server sent nothing: its SYNs were dropped on its ingress; the wire cannot tell a host "
                  "that has no socket (CLOSED) from one that never saw the SYN")
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
    ctx.undecided(cli, srv, "client", "SYN_SENT",
                  "the client received the SYN-ACK (its kernel is ESTABLISHED) but its ACK was dropped before the "
                  "capture point: nothing on the wire shows the client received the SYN-ACK")
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
    ctx.undecided(cli, srv, "client", "FIN_WAIT_2",
                  "the client's ACK of the server's FIN was dropped before the capture point and the server's ACK of "
                  "the client's FIN after it: the wire shows the client's FIN acknowledged and no sign the client "
                  "received the server's FIN, i.e. FIN_WAIT_2, while the client's kernel is CLOSING (no capture "
                  "point can show both sides CLOSING: each side's CLOSING needs its own ACK of the peer's FIN seen "
                  "and the peer's ACK of its FIN not seen)")
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
    ctx.undecided(fmt(blackhole.getsockname()), "%s:7000" % SRV4, "server", "UNKNOWN",
                  "the server sent nothing: its SYNs were dropped on its ingress; the wire cannot tell a host that "
                  "has no socket (CLOSED) from one that never saw the SYN")
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


SCENARIOS = {f.__name__: f for f in (
    established, time_wait_client_first, time_wait_server_first, close_wait, last_ack, last_ack_ack_lost, fin_wait_1,
    syn_sent, refused, syn_recv, syn_recv_synack_lost, closing, abortive, half_open, half_open_keepalive, port_reuse,
    port_reuse_server_tw, midstream, midstream_close_wait, established6, time_wait6, close_wait6, time_wait_pileup,
    close_wait_pileup, demo)}
LATE_CAPTURE = {"midstream", "midstream_close_wait"}


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
        "capture: tcpdump -i vc -w %s.pcap -U --immediate-mode -s %s, inside the client namespace (vc is the "
        "client's end of the veth pair): the client's segments after its netfilter OUTPUT hook, the server's "
        "before the client's INPUT hook" % (name, SNAPLEN),
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
