package io.wirestat.capture.filter;

/**
 * Classic BPF instruction encoding, as in libpcap's {@code pcap/bpf.h}: an opcode is class | size | mode for loads,
 * class | operation | source for ALU and jumps. Constants only, so hand-assembled programs (tests) read like
 * {@code BPF_STMT(BPF_LD|BPF_H|BPF_ABS, 12)}.
 * <p>
 * Threading: constants only; safe everywhere.
 */
public final class BpfOpcodes
{
    /** Load into the accumulator A. */
    public static final int LD = 0x00;
    /** Load into the index register X. */
    public static final int LDX = 0x01;
    /** Store A into scratch memory. */
    public static final int ST = 0x02;
    /** Store X into scratch memory. */
    public static final int STX = 0x03;
    /** Arithmetic and logic on A. */
    public static final int ALU = 0x04;
    /** Jumps. */
    public static final int JMP = 0x05;
    /** Return: the number of bytes to keep, 0 rejects the packet. */
    public static final int RET = 0x06;
    /** Register transfers (TAX, TXA). */
    public static final int MISC = 0x07;

    /** Load size: 32-bit word. */
    public static final int W = 0x00;
    /** Load size: 16-bit half word. */
    public static final int H = 0x08;
    /** Load size: byte. */
    public static final int B = 0x10;

    /** Load mode: the constant k. */
    public static final int IMM = 0x00;
    /** Load mode: packet data at k. */
    public static final int ABS = 0x20;
    /** Load mode: packet data at X + k. */
    public static final int IND = 0x40;
    /** Load mode: scratch memory word k. */
    public static final int MEM = 0x60;
    /** Load mode: the packet's wire length. */
    public static final int LEN = 0x80;
    /** Load mode (LDX only): 4 * (packet[k] &amp; 0xf), the IPv4 header length. */
    public static final int MSH = 0xa0;

    /** ALU: A + src. */
    public static final int ADD = 0x00;
    /** ALU: A - src. */
    public static final int SUB = 0x10;
    /** ALU: A * src. */
    public static final int MUL = 0x20;
    /** ALU: A / src, unsigned. */
    public static final int DIV = 0x30;
    /** ALU: A | src. */
    public static final int OR = 0x40;
    /** ALU: A &amp; src. */
    public static final int AND = 0x50;
    /** ALU: A &lt;&lt; src. */
    public static final int LSH = 0x60;
    /** ALU: A &gt;&gt;&gt; src. */
    public static final int RSH = 0x70;
    /** ALU: -A. */
    public static final int NEG = 0x80;
    /** ALU: A % src, unsigned. */
    public static final int MOD = 0x90;
    /** ALU: A ^ src. */
    public static final int XOR = 0xa0;

    /** Jump: always, by k. */
    public static final int JA = 0x00;
    /** Jump: A == src. */
    public static final int JEQ = 0x10;
    /** Jump: A &gt; src, unsigned. */
    public static final int JGT = 0x20;
    /** Jump: A &gt;= src, unsigned. */
    public static final int JGE = 0x30;
    /** Jump: (A &amp; src) != 0. */
    public static final int JSET = 0x40;

    /** Source operand: the constant k. */
    public static final int K = 0x00;
    /** Source operand: the index register X. */
    public static final int X = 0x08;
    /** Return value source: the accumulator A. */
    public static final int A = 0x10;

    /** MISC: X = A. */
    public static final int TAX = 0x00;
    /** MISC: A = X. */
    public static final int TXA = 0x80;

    /** Scratch memory words, M[0..15]. */
    public static final int MEMWORDS = 16;

    private BpfOpcodes()
    {
    }

    /**
     * @param code an opcode.
     * @return its instruction class, {@link #LD} .. {@link #MISC}.
     */
    public static int instructionClass(final int code)
    {
        return code & 0x07;
    }
}
