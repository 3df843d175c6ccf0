package io.wirestat.capture.filter;

import java.util.Arrays;

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
 * number per instruction ({@link BpfOperations}, so the interpreter's switch compiles to a jump table) and absolute
 * jump targets. {@link BpfProgramLoader} validates and decodes; this class holds the result.
 * <p>
 * Threading: immutable, safe to share between threads.
 */
public final class BpfProgram
{
    private final short[] codes;
    private final byte[] jts;
    private final byte[] jfs;

    /** Dense operation number per instruction, one of {@link BpfOperations}. */
    final byte[] ops;
    /** Operand k per instruction. */
    final int[] ks;
    /** Absolute index of the next instruction when a conditional jump is taken, or of a JA's target. */
    final int[] trueTargets;
    /** Absolute index of the next instruction when a conditional jump is not taken. */
    final int[] falseTargets;
    /** True when some instruction reads scratch memory, so the interpreter must clear it between packets. */
    final boolean readsScratch;

    /**
     * Holds the arrays as given, without copying or checking them: only {@link BpfProgramLoader} calls this, with the
     * arrays it validated and filled for this program alone.
     */
    BpfProgram(
        final short[] codes,
        final byte[] jts,
        final byte[] jfs,
        final byte[] ops,
        final int[] ks,
        final int[] trueTargets,
        final int[] falseTargets,
        final boolean readsScratch)
    {
        this.codes = codes;
        this.jts = jts;
        this.jfs = jfs;
        this.ops = ops;
        this.ks = ks;
        this.trueTargets = trueTargets;
        this.falseTargets = falseTargets;
        this.readsScratch = readsScratch;
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
        return BpfProgramLoader.load(code, jt, jf, k);
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
            return BpfProgramLoader.load(
                Arrays.copyOf(code, length),
                Arrays.copyOf(jt, length),
                Arrays.copyOf(jf, length),
                Arrays.copyOf(k, length));
        }
    }
}
