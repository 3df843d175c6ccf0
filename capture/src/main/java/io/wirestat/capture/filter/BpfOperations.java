package io.wirestat.capture.filter;

/**
 * Dense operation numbers, one per opcode that libpcap's {@code bpf_filter()} executes: the pre-decoded form of an
 * instruction that {@link BpfProgram} keeps and {@link BpfInterpreter} switches on. Numbered 0 up without gaps so
 * that the interpreter's switch compiles to a jump table; {@link BpfProgramLoader} maps opcodes to them.
 * <p>
 * Referred to qualified ({@code BpfOperations.ST}): several share a simple name with a {@link BpfOpcodes} field.
 * <p>
 * Threading: constants only; safe everywhere.
 */
final class BpfOperations
{
    static final int RET_K = 0;
    static final int RET_A = 1;
    static final int LD_W_ABS = 2;
    static final int LD_H_ABS = 3;
    static final int LD_B_ABS = 4;
    static final int LD_W_IND = 5;
    static final int LD_H_IND = 6;
    static final int LD_B_IND = 7;
    static final int LD_W_LEN = 8;
    static final int LDX_W_LEN = 9;
    static final int LDX_MSH_B = 10;
    static final int LD_IMM = 11;
    static final int LDX_IMM = 12;
    static final int LD_MEM = 13;
    static final int LDX_MEM = 14;
    static final int ST = 15;
    static final int STX = 16;
    static final int JA = 17;
    static final int JEQ_K = 18;
    static final int JGT_K = 19;
    static final int JGE_K = 20;
    static final int JSET_K = 21;
    static final int JEQ_X = 22;
    static final int JGT_X = 23;
    static final int JGE_X = 24;
    static final int JSET_X = 25;
    static final int ADD_K = 26;
    static final int SUB_K = 27;
    static final int MUL_K = 28;
    static final int DIV_K = 29;
    static final int MOD_K = 30;
    static final int AND_K = 31;
    static final int OR_K = 32;
    static final int XOR_K = 33;
    static final int LSH_K = 34;
    static final int RSH_K = 35;
    static final int ADD_X = 36;
    static final int SUB_X = 37;
    static final int MUL_X = 38;
    static final int DIV_X = 39;
    static final int MOD_X = 40;
    static final int AND_X = 41;
    static final int OR_X = 42;
    static final int XOR_X = 43;
    static final int LSH_X = 44;
    static final int RSH_X = 45;
    static final int NEG = 46;
    static final int TAX = 47;
    static final int TXA = 48;

    private BpfOperations()
    {
    }
}
