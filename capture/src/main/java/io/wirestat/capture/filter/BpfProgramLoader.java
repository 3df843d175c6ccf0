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
 * Loads a classic BPF program given field by field: validates it by the rules {@link BpfProgram} states (libpcap's
 * {@code bpf_validate}, plus refusing opcodes that {@code bpf_filter} does not execute) and packs it, raw and
 * pre-decoded (the {@link BpfOperations} number per instruction, absolute jump targets), into a {@link BpfProgram}.
 * <p>
 * One loader per program, used once, on load; nothing here runs per packet.
 * <p>
 * Threading: confined to the loading thread; the program it returns is immutable.
 */
final class BpfProgramLoader
{
    private static final int ILLEGAL = -1;
    private static final byte[] OP_BY_CODE = opTable();

    private final short[] codes;
    private final byte[] jts;
    private final byte[] jfs;
    private final byte[] ops;
    private final int[] ks;
    private final int[] trueTargets;
    private final int[] falseTargets;
    private final boolean readsScratch;

    private BpfProgramLoader(final int[] code, final int[] jt, final int[] jf, final int[] k)
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
            readsMemory |= op == BpfOperations.LD_MEM || op == BpfOperations.LDX_MEM;
        }
        final int last = OP_BY_CODE[code[length - 1]];
        if (last != BpfOperations.RET_K && last != BpfOperations.RET_A)
        {
            throw invalid(length - 1, code[length - 1], "program does not end with RET");
        }
        readsScratch = readsMemory;
    }

    /**
     * Validates and packs a program; the fields, the result and the failure are as for
     * {@link BpfProgram#of(int[], int[], int[], int[])}, which calls this.
     */
    static BpfProgram load(final int[] code, final int[] jt, final int[] jf, final int[] k)
    {
        final BpfProgramLoader loader = new BpfProgramLoader(code, jt, jf, k);
        return new BpfProgram(
            loader.codes, loader.jts, loader.jfs, loader.ops, loader.ks, loader.trueTargets, loader.falseTargets,
            loader.readsScratch);
    }

    private void checkOperands(
        final int i, final int code, final int op, final int jt, final int jf, final int k, final int length)
    {
        final int next = i + 1;
        switch (op)
        {
            case BpfOperations.LD_MEM:
            case BpfOperations.LDX_MEM:
            case BpfOperations.ST:
            case BpfOperations.STX:
                if (Integer.compareUnsigned(k, MEMWORDS) >= 0)
                {
                    throw invalid(i, code, "scratch memory index " + Integer.toUnsignedString(k) + " >= 16");
                }
                break;

            case BpfOperations.DIV_K:
            case BpfOperations.MOD_K:
                if (k == 0)
                {
                    throw invalid(i, code, "constant division by zero");
                }
                break;

            case BpfOperations.LSH_K:
            case BpfOperations.RSH_K:
                if (Integer.compareUnsigned(k, 32) >= 0)
                {
                    throw invalid(i, code, "constant shift by " + Integer.toUnsignedString(k) + " > 31 bits");
                }
                break;

            case BpfOperations.JA:
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

            case BpfOperations.JEQ_K:
            case BpfOperations.JGT_K:
            case BpfOperations.JGE_K:
            case BpfOperations.JSET_K:
            case BpfOperations.JEQ_X:
            case BpfOperations.JGT_X:
            case BpfOperations.JGE_X:
            case BpfOperations.JSET_X:
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

    private static byte[] opTable()
    {
        final byte[] table = new byte[0x100];
        Arrays.fill(table, (byte)ILLEGAL);
        table[RET | K] = BpfOperations.RET_K;
        table[RET | A] = BpfOperations.RET_A;
        table[LD | W | ABS] = BpfOperations.LD_W_ABS;
        table[LD | H | ABS] = BpfOperations.LD_H_ABS;
        table[LD | B | ABS] = BpfOperations.LD_B_ABS;
        table[LD | W | IND] = BpfOperations.LD_W_IND;
        table[LD | H | IND] = BpfOperations.LD_H_IND;
        table[LD | B | IND] = BpfOperations.LD_B_IND;
        table[LD | W | LEN] = BpfOperations.LD_W_LEN;
        table[LDX | W | LEN] = BpfOperations.LDX_W_LEN;
        table[LDX | B | MSH] = BpfOperations.LDX_MSH_B;
        table[LD | W | IMM] = BpfOperations.LD_IMM;
        table[LDX | W | IMM] = BpfOperations.LDX_IMM;
        table[LD | W | MEM] = BpfOperations.LD_MEM;
        table[LDX | W | MEM] = BpfOperations.LDX_MEM;
        table[ST] = BpfOperations.ST;
        table[STX] = BpfOperations.STX;
        table[JMP | JA] = BpfOperations.JA;
        table[JMP | JEQ | K] = BpfOperations.JEQ_K;
        table[JMP | JGT | K] = BpfOperations.JGT_K;
        table[JMP | JGE | K] = BpfOperations.JGE_K;
        table[JMP | JSET | K] = BpfOperations.JSET_K;
        table[JMP | JEQ | X] = BpfOperations.JEQ_X;
        table[JMP | JGT | X] = BpfOperations.JGT_X;
        table[JMP | JGE | X] = BpfOperations.JGE_X;
        table[JMP | JSET | X] = BpfOperations.JSET_X;
        table[ALU | ADD | K] = BpfOperations.ADD_K;
        table[ALU | SUB | K] = BpfOperations.SUB_K;
        table[ALU | MUL | K] = BpfOperations.MUL_K;
        table[ALU | DIV | K] = BpfOperations.DIV_K;
        table[ALU | MOD | K] = BpfOperations.MOD_K;
        table[ALU | AND | K] = BpfOperations.AND_K;
        table[ALU | OR | K] = BpfOperations.OR_K;
        table[ALU | XOR | K] = BpfOperations.XOR_K;
        table[ALU | LSH | K] = BpfOperations.LSH_K;
        table[ALU | RSH | K] = BpfOperations.RSH_K;
        table[ALU | ADD | X] = BpfOperations.ADD_X;
        table[ALU | SUB | X] = BpfOperations.SUB_X;
        table[ALU | MUL | X] = BpfOperations.MUL_X;
        table[ALU | DIV | X] = BpfOperations.DIV_X;
        table[ALU | MOD | X] = BpfOperations.MOD_X;
        table[ALU | AND | X] = BpfOperations.AND_X;
        table[ALU | OR | X] = BpfOperations.OR_X;
        table[ALU | XOR | X] = BpfOperations.XOR_X;
        table[ALU | LSH | X] = BpfOperations.LSH_X;
        table[ALU | RSH | X] = BpfOperations.RSH_X;
        table[ALU | NEG] = BpfOperations.NEG;
        table[MISC | TAX] = BpfOperations.TAX;
        table[MISC | TXA] = BpfOperations.TXA;
        return table;
    }
}
