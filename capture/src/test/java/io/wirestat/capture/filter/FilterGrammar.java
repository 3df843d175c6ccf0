package io.wirestat.capture.filter;

/**
 * Builds a tcpdump filter expression from fuzz bytes: each byte picks the next production, so the fuzzer's
 * mutations move between expressions of the grammar rather than through random text libpcap would reject.
 * When the bytes run out every choice is 0, which always ends in a primitive, so every input gives an expression.
 * <p>
 * The grammar covers what tcpdump users write and what reaches unusual interpreter paths: protocol and
 * address qualifiers (IPv4 and IPv6), ports and port ranges, lengths, VLAN, MPLS and PPPoE, the link-specific
 * primitives, packet-data accessors with every arithmetic operator (including division, modulo and shifts by a
 * value loaded from the packet, so by zero and by 32 or more), variable-offset loads, {@code protochain} (backward
 * jumps) and and/or/not with parentheses. Test support only; not thread safe.
 */
final class FilterGrammar
{
    private static final int MAX_DEPTH = 4;

    private static final String[] PROTOCOLS = {
        "tcp", "udp", "icmp", "ip", "ip6", "arp", "vlan", "mpls", "pppoes", "icmp6", "sctp", "igmp",
        "ip6 protochain 6", "ip protochain 6", "ip6 protochain 17", "inbound", "outbound", "ether broadcast",
        "ether multicast", "ip multicast", "ip broadcast", "ip6 multicast", "ether proto \\ip", "ip proto \\tcp",
    };
    private static final String[] HOSTS = {
        "10.0.0.1", "10.0.0.2", "192.168.1.1", "127.0.0.1", "198.18.0.2", "::1", "fd00::2", "fe80::1",
        "2001:db8::1", "0.0.0.0",
    };
    private static final String[] NETS = {
        "10.0.0.0/8", "192.168.0.0/16", "127.0.0.0/8", "198.18.0.0/15", "fd00::/8", "fe80::/10", "0.0.0.0/0",
        "2001:db8::/32", "10.1.2.0/24",
    };
    private static final String[] DIRECTIONS = {"", "src ", "dst ", "src or dst ", "src and dst "};
    private static final String[] TRANSPORTS = {"", "tcp ", "udp ", "sctp "};
    private static final String[] ACCESSORS = {"ip", "ip6", "tcp", "udp", "ether", "icmp", "link", "vlan"};
    private static final String[] SIZES = {"", ":1", ":2", ":4"};
    private static final String[] RELATIONS = {"=", "!=", ">", "<", ">=", "<="};
    private static final String[] OPERATORS = {"&", "|", "+", "-", "*", "/", "%", "<<", ">>", "^"};
    private static final String[] FLAGS = {
        "tcp-syn", "tcp-fin", "tcp-rst", "tcp-ack", "tcp-push", "tcp-urg", "tcp-ece", "tcp-cwr",
        "tcp-syn|tcp-ack", "tcp-syn|tcp-fin",
    };
    private static final int[] PORTS = {80, 443, 22, 53, 8080, 0, 65535, 40000, 9000, 1024};
    private static final String[] MACS = {"02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00"};

    private final byte[] bytes;
    private final int end;
    private int at;

    /**
     * @param bytes  fuzz input.
     * @param offset first byte that drives the grammar.
     * @param length number of bytes that drive it.
     */
    FilterGrammar(final byte[] bytes, final int offset, final int length)
    {
        this.bytes = bytes;
        this.at = offset;
        this.end = offset + length;
    }

    /** @return the expression the bytes spell. */
    String expression()
    {
        final StringBuilder sb = new StringBuilder();
        expression(sb, 0);
        return sb.toString();
    }

    private int next()
    {
        return at < end ? bytes[at++] & 0xFF : 0;
    }

    private int pick(final int n)
    {
        return next() % n;
    }

    private void expression(final StringBuilder sb, final int depth)
    {
        final int choice = depth >= MAX_DEPTH ? 0 : pick(8);
        switch (choice)
        {
            case 1:
                expression(sb, depth + 1);
                sb.append(" and ");
                expression(sb, depth + 1);
                break;
            case 2:
                expression(sb, depth + 1);
                sb.append(" or ");
                expression(sb, depth + 1);
                break;
            case 3:
                sb.append("not ");
                expression(sb, depth + 1);
                break;
            case 4:
                sb.append('(');
                expression(sb, depth + 1);
                sb.append(')');
                break;
            default:
                primitive(sb);
                break;
        }
    }

    private void primitive(final StringBuilder sb)
    {
        switch (pick(16))
        {
            case 1:
                sb.append(DIRECTIONS[pick(DIRECTIONS.length)]).append("host ").append(HOSTS[pick(HOSTS.length)]);
                break;
            case 2:
                sb.append(TRANSPORTS[pick(TRANSPORTS.length)]).append(DIRECTIONS[pick(DIRECTIONS.length)])
                    .append("port ").append(port());
                break;
            case 3:
                sb.append(DIRECTIONS[pick(DIRECTIONS.length)]).append("net ").append(NETS[pick(NETS.length)]);
                break;
            case 4:
                final int low = port();
                sb.append(TRANSPORTS[pick(TRANSPORTS.length)]).append("portrange ").append(low).append('-')
                    .append(Math.max(low, port()));
                break;
            case 5:
                sb.append(pick(2) == 0 ? "greater " : "less ").append(number());
                break;
            case 6:
                sb.append("len ").append(RELATIONS[pick(RELATIONS.length)]).append(' ').append(number());
                break;
            case 7:
                sb.append("tcp[tcpflags] & (").append(FLAGS[pick(FLAGS.length)]).append(") ")
                    .append(pick(2) == 0 ? "!= 0" : "= " + FLAGS[pick(FLAGS.length)]);
                break;
            case 8:
                arithmetic(sb);
                break;
            case 9:
                sb.append(pick(2) == 0 ? "vlan " : "mpls ").append(next() * 16 + next() % 16);
                break;
            case 10:
                sb.append(pick(2) == 0 ? "ether proto " : "ip proto ").append(next());
                break;
            case 11:
                sb.append(DIRECTIONS[pick(3)]).append("ether host ").append(MACS[pick(MACS.length)]);
                break;
            case 12:
                // A load whose offset comes from the packet (tcpdump's payload idiom).
                sb.append("tcp[((tcp[12:1] & 0xf0) >> 2)").append(SIZES[1 + pick(3)]).append("] = ").append(word());
                break;
            case 13:
                sb.append("ip6 protochain ").append(next());
                break;
            case 14:
                sb.append("pppoes ").append(next() * 256 + next());
                break;
            default:
                sb.append(PROTOCOLS[pick(PROTOCOLS.length)]);
                break;
        }
    }

    /** {@code acc[off:size] op operand relation value}, the operand possibly another load (X by zero, big shifts). */
    private void arithmetic(final StringBuilder sb)
    {
        load(sb);
        if (pick(2) == 1)
        {
            sb.append(' ').append(OPERATORS[pick(OPERATORS.length)]).append(' ');
            if (pick(2) == 0)
            {
                // A constant operand: libpcap refuses a constant zero divisor at compile time, which is tested too.
                sb.append(next());
            }
            else
            {
                load(sb);
            }
        }
        sb.append(' ').append(RELATIONS[pick(RELATIONS.length)]).append(' ').append(word());
    }

    private void load(final StringBuilder sb)
    {
        if (pick(8) == 0)
        {
            sb.append("len");
            return;
        }
        sb.append(ACCESSORS[pick(ACCESSORS.length)]).append('[').append(next() % 64).append(SIZES[pick(SIZES.length)])
            .append(']');
    }

    private int port()
    {
        return pick(2) == 0 ? PORTS[pick(PORTS.length)] : next() * 256 + next();
    }

    private int number()
    {
        return next() * 16 + next() % 16;
    }

    private long word()
    {
        switch (pick(4))
        {
            case 0:
                return next();
            case 1:
                return next() * 256L + next();
            case 2:
                return 0x47455420L;
            default:
                return ((long)next() << 24 | next() << 16 | next() << 8 | next()) & 0xFFFF_FFFFL;
        }
    }
}
