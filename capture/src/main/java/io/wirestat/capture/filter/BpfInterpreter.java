package io.wirestat.capture.filter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Runs classic BPF programs on frames, with the semantics of libpcap's {@code bpf_filter()} (what
 * {@code pcap_offline_filter} and therefore {@code tcpdump -r} use):
 * <ul>
 *     <li>A, X and scratch memory start at 0 for every packet;</li>
 *     <li>a load that reaches past the captured length ends the program with 0 (reject), while {@code len} loads
 *     the wire length;</li>
 *     <li>arithmetic is unsigned 32-bit; division or modulo by a zero X returns 0; a shift by X of 32 or more
 *     gives 0;</li>
 *     <li>packet data is read in network byte order;</li>
 *     <li>as in current libpcap, a packet may take at most 64 backward jumps ({@code ip6 protochain} loops),
 *     after which the program returns 0.</li>
 * </ul>
 * The buffer is indexed absolutely, so its position and limit are irrelevant. Multi-byte loads ({@link #word},
 * {@link #halfWord}) read a buffer in any byte order correctly and are fastest in BIG_ENDIAN order.
 * <p>
 * No allocation per call: the scratch memory is preallocated here.
 * <p>
 * Threading: not thread safe (the scratch memory is per instance). Use one interpreter per thread; programs can be
 * shared.
 */
public final class BpfInterpreter
{
    /** Backward jumps allowed per packet, as libpcap's MAX_BACKWARD_JUMPS. */
    static final int MAX_BACKWARD_JUMPS = 64;

    private static final long U32 = 0xFFFF_FFFFL;

    private final int[] memory = new int[BpfOpcodes.MEMWORDS];
    /** Packets the backward-jump bound ended, see {@link #backwardJumpLimitHits()}. */
    private long backwardJumpLimitHits;

    /**
     * @return how many runs of this interpreter the {@link #MAX_BACKWARD_JUMPS} bound ended (with 0). Only an
     * {@code ip6 protochain} loop over a crafted chain of extension headers gets there; libpcap releases without
     * the bound (1.10.3, Debian 12's) never end such a run.
     */
    public long backwardJumpLimitHits()
    {
        return backwardJumpLimitHits;
    }

    /**
     * Runs the program on one frame.
     *
     * @param program        validated program.
     * @param buffer         holds the frame, indexed absolutely.
     * @param offset         index of the frame's first captured byte.
     * @param capturedLength captured bytes available from offset (libpcap's {@code caplen}, "buflen").
     * @param wireLength     the frame's length on the wire (libpcap's {@code len}), what {@code len} loads.
     * @return the program's return value as unsigned 32 bits in an int: 0 rejects, anything else accepts (it is the
     * number of bytes to keep).
     */
    public int run(
        final BpfProgram program,
        final ByteBuffer buffer,
        final int offset,
        final int capturedLength,
        final int wireLength)
    {
        final byte[] ops = program.ops;
        final int[] ks = program.ks;
        final int[] trueTargets = program.trueTargets;
        final int[] falseTargets = program.falseTargets;
        final int[] mem = memory;
        final boolean swap = buffer.order() != ByteOrder.BIG_ENDIAN;
        final long available = capturedLength & U32;
        if (program.readsScratch)
        {
            Arrays.fill(mem, 0);
        }

        int a = 0;
        int x = 0;
        int pc = 0;
        int backwardJumps = 0;
        while (true)
        {
            // One switch on the dense operation number, a jump table; each case advances pc itself: a shared pc++
            // after the switch measured about 1 ns a frame slower (BpfFilterBenchmark, "tcp", 13 ns before).
            final int k = ks[pc];
            switch (ops[pc])
            {
                case BpfOperations.RET_K:
                    return k;
                case BpfOperations.RET_A:
                    return a;

                case BpfOperations.LD_W_ABS:
                {
                    final long at = k & U32;
                    if (at + 4 > available)
                    {
                        return 0;
                    }
                    a = word(buffer, offset + (int)at, swap);
                    pc++;
                    continue;
                }
                case BpfOperations.LD_H_ABS:
                {
                    final long at = k & U32;
                    if (at + 2 > available)
                    {
                        return 0;
                    }
                    a = halfWord(buffer, offset + (int)at, swap);
                    pc++;
                    continue;
                }
                case BpfOperations.LD_B_ABS:
                {
                    final long at = k & U32;
                    if (at >= available)
                    {
                        return 0;
                    }
                    a = buffer.get(offset + (int)at) & 0xFF;
                    pc++;
                    continue;
                }
                case BpfOperations.LD_W_IND:
                {
                    // X + k computed without 32-bit wrap-around, exactly as libpcap's overflow-safe checks.
                    final long at = (x & U32) + (k & U32);
                    if (at + 4 > available)
                    {
                        return 0;
                    }
                    a = word(buffer, offset + (int)at, swap);
                    pc++;
                    continue;
                }
                case BpfOperations.LD_H_IND:
                {
                    final long at = (x & U32) + (k & U32);
                    if (at + 2 > available)
                    {
                        return 0;
                    }
                    a = halfWord(buffer, offset + (int)at, swap);
                    pc++;
                    continue;
                }
                case BpfOperations.LD_B_IND:
                {
                    final long at = (x & U32) + (k & U32);
                    if (at >= available)
                    {
                        return 0;
                    }
                    a = buffer.get(offset + (int)at) & 0xFF;
                    pc++;
                    continue;
                }

                case BpfOperations.LD_W_LEN:
                    a = wireLength;
                    pc++;
                    continue;
                case BpfOperations.LDX_W_LEN:
                    x = wireLength;
                    pc++;
                    continue;
                case BpfOperations.LDX_MSH_B:
                {
                    final long at = k & U32;
                    if (at >= available)
                    {
                        return 0;
                    }
                    x = (buffer.get(offset + (int)at) & 0xF) << 2;
                    pc++;
                    continue;
                }

                case BpfOperations.LD_IMM:
                    a = k;
                    pc++;
                    continue;
                case BpfOperations.LDX_IMM:
                    x = k;
                    pc++;
                    continue;
                // Scratch memory index k < 16: refused otherwise on load.
                case BpfOperations.LD_MEM:
                    a = mem[k];
                    pc++;
                    continue;
                case BpfOperations.LDX_MEM:
                    x = mem[k];
                    pc++;
                    continue;
                case BpfOperations.ST:
                    mem[k] = a;
                    pc++;
                    continue;
                case BpfOperations.STX:
                    mem[k] = x;
                    pc++;
                    continue;

                // Jump targets are absolute and inside the program, resolved on load; only JA goes backwards (k < 0).
                case BpfOperations.JA:
                    if (k < 0 && backwardJumps++ >= MAX_BACKWARD_JUMPS)
                    {
                        backwardJumpLimitHits++;
                        return 0;
                    }
                    pc = trueTargets[pc];
                    continue;
                case BpfOperations.JEQ_K:
                    pc = a == k ? trueTargets[pc] : falseTargets[pc];
                    continue;
                case BpfOperations.JGT_K:
                    pc = Integer.compareUnsigned(a, k) > 0 ? trueTargets[pc] : falseTargets[pc];
                    continue;
                case BpfOperations.JGE_K:
                    pc = Integer.compareUnsigned(a, k) >= 0 ? trueTargets[pc] : falseTargets[pc];
                    continue;
                case BpfOperations.JSET_K:
                    pc = (a & k) != 0 ? trueTargets[pc] : falseTargets[pc];
                    continue;
                case BpfOperations.JEQ_X:
                    pc = a == x ? trueTargets[pc] : falseTargets[pc];
                    continue;
                case BpfOperations.JGT_X:
                    pc = Integer.compareUnsigned(a, x) > 0 ? trueTargets[pc] : falseTargets[pc];
                    continue;
                case BpfOperations.JGE_X:
                    pc = Integer.compareUnsigned(a, x) >= 0 ? trueTargets[pc] : falseTargets[pc];
                    continue;
                case BpfOperations.JSET_X:
                    pc = (a & x) != 0 ? trueTargets[pc] : falseTargets[pc];
                    continue;

                case BpfOperations.ADD_K:
                    a += k;
                    pc++;
                    continue;
                case BpfOperations.SUB_K:
                    a -= k;
                    pc++;
                    continue;
                case BpfOperations.MUL_K:
                    a *= k;
                    pc++;
                    continue;
                case BpfOperations.DIV_K:
                    // k != 0: refused on load.
                    a = Integer.divideUnsigned(a, k);
                    pc++;
                    continue;
                case BpfOperations.MOD_K:
                    a = Integer.remainderUnsigned(a, k);
                    pc++;
                    continue;
                case BpfOperations.AND_K:
                    a &= k;
                    pc++;
                    continue;
                case BpfOperations.OR_K:
                    a |= k;
                    pc++;
                    continue;
                case BpfOperations.XOR_K:
                    a ^= k;
                    pc++;
                    continue;
                case BpfOperations.LSH_K:
                    // k < 32: refused otherwise on load.
                    a <<= k;
                    pc++;
                    continue;
                case BpfOperations.RSH_K:
                    a >>>= k;
                    pc++;
                    continue;

                case BpfOperations.ADD_X:
                    a += x;
                    pc++;
                    continue;
                case BpfOperations.SUB_X:
                    a -= x;
                    pc++;
                    continue;
                case BpfOperations.MUL_X:
                    a *= x;
                    pc++;
                    continue;
                case BpfOperations.DIV_X:
                    if (x == 0)
                    {
                        return 0;
                    }
                    a = Integer.divideUnsigned(a, x);
                    pc++;
                    continue;
                case BpfOperations.MOD_X:
                    if (x == 0)
                    {
                        return 0;
                    }
                    a = Integer.remainderUnsigned(a, x);
                    pc++;
                    continue;
                case BpfOperations.AND_X:
                    a &= x;
                    pc++;
                    continue;
                case BpfOperations.OR_X:
                    a |= x;
                    pc++;
                    continue;
                case BpfOperations.XOR_X:
                    a ^= x;
                    pc++;
                    continue;
                case BpfOperations.LSH_X:
                    // Java masks the shift count to 5 bits; BPF wants 0 for shifts of 32 or more.
                    a = Integer.compareUnsigned(x, 32) < 0 ? a << x : 0;
                    pc++;
                    continue;
                case BpfOperations.RSH_X:
                    a = Integer.compareUnsigned(x, 32) < 0 ? a >>> x : 0;
                    pc++;
                    continue;

                case BpfOperations.NEG:
                    a = -a;
                    pc++;
                    continue;
                case BpfOperations.TAX:
                    x = a;
                    pc++;
                    continue;
                case BpfOperations.TXA:
                    a = x;
                    pc++;
                    continue;

                default:
                    // Unreachable: BpfProgramLoader refuses every other opcode. Reject, as libpcap does.
                    return 0;
            }
        }
    }

    /**
     * Runs the program on one frame and says whether it accepts it.
     *
     * @param program        validated program.
     * @param buffer         holds the frame, indexed absolutely.
     * @param offset         index of the frame's first captured byte.
     * @param capturedLength captured bytes available from offset.
     * @param wireLength     the frame's length on the wire.
     * @return true when the program returns non-zero.
     */
    public boolean accept(
        final BpfProgram program,
        final ByteBuffer buffer,
        final int offset,
        final int capturedLength,
        final int wireLength)
    {
        return run(program, buffer, offset, capturedLength, wireLength) != 0;
    }

    // The loads stay in this class: kept in a class of their own, their first use loaded that class inside the
    // first run() that read packet data, and the class loading (1.3 MB on the calling thread) broke the
    // differential fuzz target's allocation bound. BPF reads packet data in network byte order; the caller has
    // checked the load against the captured length.

    /** @return the 32-bit word at an absolute index, in network byte order. */
    private static int word(final ByteBuffer buffer, final int index, final boolean swap)
    {
        final int value = buffer.getInt(index);
        return swap ? Integer.reverseBytes(value) : value;
    }

    /** @return the 16-bit half word at an absolute index, in network byte order, zero-extended. */
    private static int halfWord(final ByteBuffer buffer, final int index, final boolean swap)
    {
        final short value = buffer.getShort(index);
        return (swap ? Short.reverseBytes(value) : value) & 0xFFFF;
    }
}
