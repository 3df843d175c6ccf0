package io.wirestat.capture.filter;

import java.util.Arrays;

import static io.wirestat.capture.filter.BpfOpcodes.A;
import static io.wirestat.capture.filter.BpfOpcodes.ABS;
import static io.wirestat.capture.filter.BpfOpcodes.ADD;
import static io.wirestat.capture.filter.BpfOpcodes.ALU;
import static io.wirestat.capture.filter.BpfOpcodes.AND;
import static io.wirestat.capture.filter.BpfOpcodes.B;
import static io.wirestat.capture.filter.BpfOpcodes.DIV;
import static io.wirestat.capture.filter.BpfOpcodes.H;
import static io.wirestat.capture.filter.BpfOpcodes.IMM;
import static io.wirestat.capture.filter.BpfOpcodes.IND;
import static io.wirestat.capture.filter.BpfOpcodes.JA;
import static io.wirestat.capture.filter.BpfOpcodes.JEQ;
import static io.wirestat.capture.filter.BpfOpcodes.JGE;
import static io.wirestat.capture.filter.BpfOpcodes.JGT;
import static io.wirestat.capture.filter.BpfOpcodes.JMP;
import static io.wirestat.capture.filter.BpfOpcodes.JSET;
import static io.wirestat.capture.filter.BpfOpcodes.K;
import static io.wirestat.capture.filter.BpfOpcodes.LD;
import static io.wirestat.capture.filter.BpfOpcodes.LDX;
import static io.wirestat.capture.filter.BpfOpcodes.LEN;
import static io.wirestat.capture.filter.BpfOpcodes.LSH;
import static io.wirestat.capture.filter.BpfOpcodes.MEM;
import static io.wirestat.capture.filter.BpfOpcodes.MEMWORDS;
import static io.wirestat.capture.filter.BpfOpcodes.MISC;
import static io.wirestat.capture.filter.BpfOpcodes.MOD;
import static io.wirestat.capture.filter.BpfOpcodes.MSH;
import static io.wirestat.capture.filter.BpfOpcodes.MUL;
import static io.wirestat.capture.filter.BpfOpcodes.NEG;
import static io.wirestat.capture.filter.BpfOpcodes.OR;
import static io.wirestat.capture.filter.BpfOpcodes.RET;
import static io.wirestat.capture.filter.BpfOpcodes.RSH;
import static io.wirestat.capture.filter.BpfOpcodes.ST;
import static io.wirestat.capture.filter.BpfOpcodes.STX;
import static io.wirestat.capture.filter.BpfOpcodes.SUB;
import static io.wirestat.capture.filter.BpfOpcodes.TAX;
import static io.wirestat.capture.filter.BpfOpcodes.TXA;
import static io.wirestat.capture.filter.BpfOpcodes.W;
import static io.wirestat.capture.filter.BpfOpcodes.X;
import static io.wirestat.capture.filter.BpfOpcodes.XOR;

/**
 * A validated classic BPF program, immutable, its instructions packed into primitive arrays.
 * <p>
 * Validation follows libpcap's {@code bpf_validate} (jump targets inside the program, scratch memory indices below
 * 16, no constant division by zero, last instruction a RET) and is stricter in one way: every opcode must be one
 * that libpcap's {@code bpf_filter} executes, since libpcap aborts the process on the others while we would rather
 * refuse the program up front. Backward unconditional jumps are allowed, as in libpcap userland, because libpcap
 * compiles {@code ip6 protochain} into a loop; as in current libpcap, a jump to itself and a constant shift by more
 * than 31 bits are refused.
 * <p>
 * Besides the raw instructions the program keeps a pre-decoded form for {@link BpfInterpreter}: a dense operation
 * number per instruction (so the interpreter's switch compiles to a jump table) and absolute jump targets.
 * <p>
 * Threading: immutable, safe to share between threads.
 */
public final class BpfProgram
{
    // Dense operation numbers, one per opcode that libpcap's bpf_filter() executes. Package private: the
    // interpreter switches on them.
    static final int OP_RET_K = 0;
    static final int OP_RET_A = 1;
    static final int OP_LD_W_ABS = 2;
    static final int OP_LD_H_ABS = 3;
    static final int OP_LD_B_ABS = 4;
    static final int OP_LD_W_IND = 5;
    static final int OP_LD_H_IND = 6;
    static final int OP_LD_B_IND = 7;
    static final int OP_LD_W_LEN = 8;
    static final int OP_LDX_W_LEN = 9;
    static final int OP_LDX_MSH_B = 10;
    static final int OP_LD_IMM = 11;
    static final int OP_LDX_IMM = 12;
    static final int OP_LD_MEM = 13;
    static final int OP_LDX_MEM = 14;
    static final int OP_ST = 15;
    static final int OP_STX = 16;
    static final int OP_JA = 17;
    static final int OP_JEQ_K = 18;
    static final int OP_JGT_K = 19;
    static final int OP_JGE_K = 20;
    static final int OP_JSET_K = 21;
    static final int OP_JEQ_X = 22;
    static final int OP_JGT_X = 23;
    static final int OP_JGE_X = 24;
    static final int OP_JSET_X = 25;
    static final int OP_ADD_K = 26;
    static final int OP_SUB_K = 27;
    static final int OP_MUL_K = 28;
    static final int OP_DIV_K = 29;
    static final int OP_MOD_K = 30;
    static final int OP_AND_K = 31;
    static final int OP_OR_K = 32;
    static final int OP_XOR_K = 33;
    static final int OP_LSH_K = 34;
    static final int OP_RSH_K = 35;
    static final int OP_ADD_X = 36;
    static final int OP_SUB_X = 37;
    static final int OP_MUL_X = 38;
    static final int OP_DIV_X = 39;
    static final int OP_MOD_X = 40;
    static final int OP_AND_X = 41;
    static final int OP_OR_X = 42;
    static final int OP_XOR_X = 43;
    static final int OP_LSH_X = 44;
    static final int OP_RSH_X = 45;
    static final int OP_NEG = 46;
    static final int OP_TAX = 47;
    static final int OP_TXA = 48;

    private static final int ILLEGAL = -1;
    private static final byte[] OP_BY_CODE = opTable();

    private final short[] codes;
    private final byte[] jts;
    private final byte[] jfs;

    /** Dense operation number per instruction. */
    final byte[] ops;
    /** Operand k per instruction. */
    final int[] ks;
    /** Absolute index of the next instruction when a conditional jump is taken, or of a JA's target. */
    final int[] trueTargets;
    /** Absolute index of the next instruction when a conditional jump is not taken. */
    final int[] falseTargets;
    /** True when some instruction reads scratch memory, so the interpreter must clear it between packets. */
    final boolean readsScratch;

    private BpfProgram(final int[] code, final int[] jt, final int[] jf, final int[] k)
    {
        final int length = code.length;
        if (length == 0)
        {
            throw new IllegalArgumentException("empty BPF program");
        }
        if (jt.length != length || jf.length != length || k.length != length)
        {
            throw new IllegalArgumentException("code, jt, jf and k differ in length: " + length + ", " + jt.length +
                ", " + jf.length + ", " + k.length);
        }
        codes = new short[length];
        jts = new byte[length];
        jfs = new byte[length];
        ops = new byte[length];
        ks = k.clone();
        trueTargets = new int[length];
        falseTargets = new int[length];
        boolean readsMemory = false;
        for (int i = 0; i < length; i++)
        {
            final int c = code[i];
            if (c < 0 || c > 0xffff || jt[i] < 0 || jt[i] > 0xff || jf[i] < 0 || jf[i] > 0xff)
            {
                throw invalid(i, c, "field out of range (code 16 bits, jt and jf 8 bits)");
            }
            codes[i] = (short)c;
            jts[i] = (byte)jt[i];
            jfs[i] = (byte)jf[i];
            final int op = c < OP_BY_CODE.length ? OP_BY_CODE[c] : ILLEGAL;
            if (op == ILLEGAL)
            {
                throw invalid(i, c, "opcode not executed by libpcap's bpf_filter");
            }
            ops[i] = (byte)op;
            checkOperands(i, c, op, jt[i], jf[i], k[i], length);
            readsMemory |= op == OP_LD_MEM || op == OP_LDX_MEM;
        }
        final int last = OP_BY_CODE[code[length - 1]];
        if (last != OP_RET_K && last != OP_RET_A)
        {
            throw invalid(length - 1, code[length - 1], "program does not end with RET");
        }
        readsScratch = readsMemory;
    }

    private void checkOperands(
        final int i, final int code, final int op, final int jt, final int jf, final int k, final int length)
    {
        final int next = i + 1;
        switch (op)
        {
            case OP_LD_MEM:
            case OP_LDX_MEM:
            case OP_ST:
            case OP_STX:
                if (Integer.compareUnsigned(k, MEMWORDS) >= 0)
                {
                    throw invalid(i, code, "scratch memory index " + Integer.toUnsignedString(k) + " >= 16");
                }
                break;

            case OP_DIV_K:
            case OP_MOD_K:
                if (k == 0)
                {
                    throw invalid(i, code, "constant division by zero");
                }
                break;

            case OP_LSH_K:
            case OP_RSH_K:
                if (Integer.compareUnsigned(k, 32) >= 0)
                {
                    throw invalid(i, code, "constant shift by " + Integer.toUnsignedString(k) + " > 31 bits");
                }
                break;

            case OP_JA:
            {
                // k is a signed 32-bit offset in userland (ip6 protochain jumps backwards).
                final long target = (long)next + k;
                if (target < 0 || target >= length)
                {
                    throw invalid(i, code, "jump target " + target + " outside program of " + length);
                }
                if (k == -1)
                {
                    throw invalid(i, code, "jump to itself, an endless loop");
                }
                trueTargets[i] = (int)target;
                falseTargets[i] = (int)target;
                break;
            }

            case OP_JEQ_K:
            case OP_JGT_K:
            case OP_JGE_K:
            case OP_JSET_K:
            case OP_JEQ_X:
            case OP_JGT_X:
            case OP_JGE_X:
            case OP_JSET_X:
                if (next + jt >= length || next + jf >= length)
                {
                    throw invalid(i, code, "jump target " + (next + Math.max(jt, jf)) +
                        " outside program of " + length);
                }
                trueTargets[i] = next + jt;
                falseTargets[i] = next + jf;
                break;

            default:
                break;
        }
    }

    private static IllegalArgumentException invalid(final int index, final int code, final String why)
    {
        return new IllegalArgumentException(
            "invalid BPF instruction " + index + " (code 0x" + Integer.toHexString(code) + "): " + why);
    }

    /**
     * Validates and packs a program given field by field, as libpcap's {@code struct bpf_insn} array.
     *
     * @param code opcode per instruction (16 bits).
     * @param jt   conditional jump offset when true (8 bits, unsigned).
     * @param jf   conditional jump offset when false (8 bits, unsigned).
     * @param k    operand per instruction (32 bits, unsigned in BPF).
     * @return the program.
     * @throws IllegalArgumentException if the program fails validation; the message names the instruction.
     */
    public static BpfProgram of(final int[] code, final int[] jt, final int[] jf, final int[] k)
    {
        return new BpfProgram(code, jt, jf, k);
    }

    /**
     * @return a builder for hand-assembled programs.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return number of instructions.
     */
    public int length()
    {
        return codes.length;
    }

    /**
     * @param index instruction index.
     * @return its opcode.
     */
    public int code(final int index)
    {
        return codes[index] & 0xffff;
    }

    /**
     * @param index instruction index.
     * @return its jump-if-true offset.
     */
    public int jt(final int index)
    {
        return jts[index] & 0xff;
    }

    /**
     * @param index instruction index.
     * @return its jump-if-false offset.
     */
    public int jf(final int index)
    {
        return jfs[index] & 0xff;
    }

    /**
     * @param index instruction index.
     * @return its operand k (unsigned in BPF; use {@link Integer#toUnsignedLong(int)} to read it as such).
     */
    public int k(final int index)
    {
        return ks[index];
    }

    /**
     * @return the program in {@code tcpdump -dd} form, one instruction a line.
     */
    @Override
    public String toString()
    {
        final StringBuilder out = new StringBuilder(codes.length * 40);
        for (int i = 0; i < codes.length; i++)
        {
            out.append(String.format("{ 0x%x, %d, %d, 0x%08x },%n", code(i), jt(i), jf(i), ks[i]));
        }
        return out.toString();
    }

    private static byte[] opTable()
    {
        final byte[] table = new byte[0x100];
        Arrays.fill(table, (byte)ILLEGAL);
        table[RET | K] = OP_RET_K;
        table[RET | A] = OP_RET_A;
        table[LD | W | ABS] = OP_LD_W_ABS;
        table[LD | H | ABS] = OP_LD_H_ABS;
        table[LD | B | ABS] = OP_LD_B_ABS;
        table[LD | W | IND] = OP_LD_W_IND;
        table[LD | H | IND] = OP_LD_H_IND;
        table[LD | B | IND] = OP_LD_B_IND;
        table[LD | W | LEN] = OP_LD_W_LEN;
        table[LDX | W | LEN] = OP_LDX_W_LEN;
        table[LDX | B | MSH] = OP_LDX_MSH_B;
        table[LD | W | IMM] = OP_LD_IMM;
        table[LDX | W | IMM] = OP_LDX_IMM;
        table[LD | W | MEM] = OP_LD_MEM;
        table[LDX | W | MEM] = OP_LDX_MEM;
        table[ST] = OP_ST;
        table[STX] = OP_STX;
        table[JMP | JA] = OP_JA;
        table[JMP | JEQ | K] = OP_JEQ_K;
        table[JMP | JGT | K] = OP_JGT_K;
        table[JMP | JGE | K] = OP_JGE_K;
        table[JMP | JSET | K] = OP_JSET_K;
        table[JMP | JEQ | X] = OP_JEQ_X;
        table[JMP | JGT | X] = OP_JGT_X;
        table[JMP | JGE | X] = OP_JGE_X;
        table[JMP | JSET | X] = OP_JSET_X;
        table[ALU | ADD | K] = OP_ADD_K;
        table[ALU | SUB | K] = OP_SUB_K;
        table[ALU | MUL | K] = OP_MUL_K;
        table[ALU | DIV | K] = OP_DIV_K;
        table[ALU | MOD | K] = OP_MOD_K;
        table[ALU | AND | K] = OP_AND_K;
        table[ALU | OR | K] = OP_OR_K;
        table[ALU | XOR | K] = OP_XOR_K;
        table[ALU | LSH | K] = OP_LSH_K;
        table[ALU | RSH | K] = OP_RSH_K;
        table[ALU | ADD | X] = OP_ADD_X;
        table[ALU | SUB | X] = OP_SUB_X;
        table[ALU | MUL | X] = OP_MUL_X;
        table[ALU | DIV | X] = OP_DIV_X;
        table[ALU | MOD | X] = OP_MOD_X;
        table[ALU | AND | X] = OP_AND_X;
        table[ALU | OR | X] = OP_OR_X;
        table[ALU | XOR | X] = OP_XOR_X;
        table[ALU | LSH | X] = OP_LSH_X;
        table[ALU | RSH | X] = OP_RSH_X;
        table[ALU | NEG] = OP_NEG;
        table[MISC | TAX] = OP_TAX;
        table[MISC | TXA] = OP_TXA;
        return table;
    }

    /**
     * Assembles a program instruction by instruction, in the style of the {@code BPF_STMT} and {@code BPF_JUMP}
     * macros.
     * <p>
     * Threading: not thread safe; one builder per thread.
     */
    public static final class Builder
    {
        private int[] code = new int[16];
        private int[] jt = new int[16];
        private int[] jf = new int[16];
        private int[] k = new int[16];
        private int length;

        private Builder()
        {
        }

        /**
         * @param opcode a non-jump opcode.
         * @param operand its k.
         * @return this builder.
         */
        public Builder stmt(final int opcode, final int operand)
        {
            return insn(opcode, 0, 0, operand);
        }

        /**
         * @param opcode    a jump opcode.
         * @param operand   its k.
         * @param jumpTrue  offset when true.
         * @param jumpFalse offset when false.
         * @return this builder.
         */
        public Builder jump(final int opcode, final int operand, final int jumpTrue, final int jumpFalse)
        {
            return insn(opcode, jumpTrue, jumpFalse, operand);
        }

        /**
         * @param opcode    opcode.
         * @param jumpTrue  jt.
         * @param jumpFalse jf.
         * @param operand   k.
         * @return this builder.
         */
        public Builder insn(final int opcode, final int jumpTrue, final int jumpFalse, final int operand)
        {
            if (length == code.length)
            {
                code = Arrays.copyOf(code, length * 2);
                jt = Arrays.copyOf(jt, length * 2);
                jf = Arrays.copyOf(jf, length * 2);
                k = Arrays.copyOf(k, length * 2);
            }
            code[length] = opcode;
            jt[length] = jumpTrue;
            jf[length] = jumpFalse;
            k[length] = operand;
            length++;
            return this;
        }

        /**
         * @return the validated program.
         * @throws IllegalArgumentException if it fails validation.
         */
        public BpfProgram build()
        {
            return new BpfProgram(
                Arrays.copyOf(code, length),
                Arrays.copyOf(jt, length),
                Arrays.copyOf(jf, length),
                Arrays.copyOf(k, length));
        }
    }
}
