package io.wirestat.capture.filter;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interpreter on hand-assembled programs, one opcode class at a time, against libpcap's bpf_filter semantics.
 */
class BpfInterpreterTest
{
    /** Frames start at this index in the test buffer, so absolute indexing from an offset is exercised. */
    private static final int OFFSET = 3;
    private static final byte[] FRAME = {0x45, 0x01, 0x02, 0x03, (byte)0x84, 0x05, 0x06, (byte)0xFF};

    private final BpfInterpreter interpreter = new BpfInterpreter();

    private static ByteBuffer buffer(final byte[] frame, final ByteOrder order)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(OFFSET + frame.length + 8).order(order);
        for (int i = 0; i < buffer.capacity(); i++)
        {
            buffer.put(i, (byte)0xEE);
        }
        buffer.put(OFFSET, frame);
        return buffer;
    }

    private int run(final BpfProgram program, final int capturedLength, final int wireLength)
    {
        return interpreter.run(program, buffer(FRAME, ByteOrder.BIG_ENDIAN), OFFSET, capturedLength, wireLength);
    }

    private int run(final BpfProgram program)
    {
        return run(program, FRAME.length, 1500);
    }

    private static BpfProgram load(final int code, final int k)
    {
        return BpfProgram.builder().stmt(code, k).stmt(RET | A, 0).build();
    }

    private int aluK(final int op, final int a, final int k)
    {
        return run(BpfProgram.builder().stmt(LD | IMM, a).stmt(ALU | op | K, k).stmt(RET | A, 0).build());
    }

    private int aluX(final int op, final int a, final int x)
    {
        return run(BpfProgram.builder()
            .stmt(LD | IMM, a).stmt(LDX | IMM, x).stmt(ALU | op | X, 0).stmt(RET | A, 0).build());
    }

    /** Returns 1 if the jump is taken, 2 if not. */
    private int jumpK(final int op, final int a, final int k)
    {
        return run(BpfProgram.builder()
            .stmt(LD | IMM, a).jump(JMP | op | K, k, 0, 1).stmt(RET | K, 1).stmt(RET | K, 2).build());
    }

    private int jumpX(final int op, final int a, final int x)
    {
        return run(BpfProgram.builder()
            .stmt(LD | IMM, a).stmt(LDX | IMM, x).jump(JMP | op | X, 0, 0, 1)
            .stmt(RET | K, 1).stmt(RET | K, 2).build());
    }

    @Test
    void shouldReturnConstantOrAccumulator()
    {
        assertEquals(262_144, run(BpfProgram.builder().stmt(RET | K, 262_144).build()));
        assertEquals(0, run(BpfProgram.builder().stmt(RET | K, 0).build()));
        assertEquals(77, run(BpfProgram.builder().stmt(LD | IMM, 77).stmt(RET | A, 0).build()));
        assertEquals(-1, run(BpfProgram.builder().stmt(RET | K, -1).build()), "u_int 0xffffffff");
    }

    @Test
    void shouldLoadAbsoluteWordHalfAndByteInNetworkOrder()
    {
        assertEquals(0x45010203, run(load(LD | W | ABS, 0)));
        assertEquals(0x8405, run(load(LD | H | ABS, 4)));
        assertEquals(0xFF, run(load(LD | B | ABS, 7)), "bytes are unsigned");
        assertEquals(0x840506FF, run(load(LD | W | ABS, 4)), "last whole word of the frame");
    }

    @Test
    void shouldRejectAbsoluteLoadsBeyondCapturedLength()
    {
        assertEquals(0, run(load(LD | W | ABS, 5)), "word straddles the end");
        assertEquals(0, run(load(LD | H | ABS, 7)), "half word straddles the end");
        assertEquals(0, run(load(LD | B | ABS, 8)), "byte just past the end");
        assertEquals(0, run(load(LD | W | ABS, -1)), "k = 0xffffffff must not wrap");
        assertEquals(0, run(load(LD | B | ABS, 2), 2, 1500), "captured length, not the buffer, bounds loads");
        assertEquals(0x45, run(load(LD | B | ABS, 0), 1, 1500));
        assertEquals(0, run(load(LD | B | ABS, 0), 0, 1500), "empty frame");
    }

    @Test
    void shouldLoadIndirectRelativeToX()
    {
        final BpfProgram word = BpfProgram.builder()
            .stmt(LDX | IMM, 2).stmt(LD | W | IND, 2).stmt(RET | A, 0).build();
        assertEquals(0x840506FF, run(word));
        final BpfProgram half = BpfProgram.builder()
            .stmt(LDX | IMM, 1).stmt(LD | H | IND, 0).stmt(RET | A, 0).build();
        assertEquals(0x0102, run(half));
        final BpfProgram oneByte = BpfProgram.builder()
            .stmt(LDX | IMM, 6).stmt(LD | B | IND, 1).stmt(RET | A, 0).build();
        assertEquals(0xFF, run(oneByte));
    }

    @Test
    void shouldRejectIndirectLoadsBeyondCapturedLengthWithoutWrapping()
    {
        assertEquals(0, run(BpfProgram.builder()
            .stmt(LDX | IMM, 3).stmt(LD | W | IND, 2).stmt(RET | K, 1).build()));
        assertEquals(0, run(BpfProgram.builder()
            .stmt(LDX | IMM, 7).stmt(LD | H | IND, 0).stmt(RET | K, 1).build()));
        assertEquals(0, run(BpfProgram.builder()
            .stmt(LDX | IMM, 7).stmt(LD | B | IND, 1).stmt(RET | K, 1).build()));
        // X + k wraps to 1 in 32 bits; libpcap's checks refuse it, so must we.
        assertEquals(0, run(BpfProgram.builder()
            .stmt(LDX | IMM, -1).stmt(LD | B | IND, 2).stmt(RET | K, 1).build()));
        assertEquals(0, run(BpfProgram.builder()
            .stmt(LDX | IMM, 2).stmt(LD | W | IND, -2).stmt(RET | K, 1).build()));
    }

    @Test
    void shouldLoadIpHeaderLengthWithMsh()
    {
        final BpfProgram program = BpfProgram.builder().stmt(LDX | B | MSH, 0).stmt(MISC | TXA, 0).stmt(RET | A, 0)
            .build();
        assertEquals(20, run(program), "4 * (0x45 & 0xf)");
        final BpfProgram high = BpfProgram.builder().stmt(LDX | B | MSH, 4).stmt(MISC | TXA, 0).stmt(RET | A, 0)
            .build();
        assertEquals(16, run(high), "only the low nibble of 0x84");
        assertEquals(0, run(BpfProgram.builder().stmt(LDX | B | MSH, 8).stmt(RET | K, 1).build()));
    }

    @Test
    void shouldLoadWireLengthNotCapturedLength()
    {
        assertEquals(1514, run(BpfProgram.builder().stmt(LD | W | LEN, 0).stmt(RET | A, 0).build(), 8, 1514));
        assertEquals(1514, run(BpfProgram.builder()
            .stmt(LDX | W | LEN, 0).stmt(MISC | TXA, 0).stmt(RET | A, 0).build(), 8, 1514));
    }

    @Test
    void shouldStoreAndLoadScratchMemory()
    {
        final BpfProgram program = BpfProgram.builder()
            .stmt(LD | IMM, 11).stmt(ST, 0)
            .stmt(LDX | IMM, 22).stmt(STX, 15)
            .stmt(LD | MEM, 15).stmt(LDX | MEM, 0)
            .stmt(ALU | SUB | X, 0)
            .stmt(RET | A, 0).build();
        assertEquals(11, run(program));
    }

    @Test
    void shouldStartEachPacketWithZeroedScratchMemory()
    {
        final BpfProgram write = BpfProgram.builder().stmt(LD | IMM, 5).stmt(ST, 3).stmt(RET | K, 1).build();
        final BpfProgram read = BpfProgram.builder().stmt(LD | MEM, 3).stmt(ALU | ADD | K, 1).stmt(RET | A, 0)
            .build();
        assertEquals(1, run(write));
        assertEquals(1, run(read), "M[3] from the previous packet must not leak");
    }

    @Test
    void shouldComputeAluWithConstantOperand()
    {
        assertEquals(7, aluK(ADD, 3, 4));
        assertEquals(-1, aluK(SUB, 3, 4), "wraps to 0xffffffff");
        assertEquals(12, aluK(MUL, 3, 4));
        assertEquals(0x7FFFFFFF, aluK(DIV, -1, 2), "unsigned division");
        assertEquals(1, aluK(MOD, -1, 2), "unsigned modulo: 0xffffffff % 2");
        assertEquals(0x0F, aluK(AND, 0xFF, 0x0F));
        assertEquals(0xFF, aluK(OR, 0xF0, 0x0F));
        assertEquals(0xF0, aluK(XOR, 0xFF, 0x0F));
        assertEquals(0x80000000, aluK(LSH, 1, 31));
        assertEquals(1, aluK(RSH, 0x80000000, 31), "logical shift, no sign extension");
    }

    @Test
    void shouldComputeAluWithIndexOperand()
    {
        assertEquals(7, aluX(ADD, 3, 4));
        assertEquals(-1, aluX(SUB, 3, 4));
        assertEquals(12, aluX(MUL, 3, 4));
        assertEquals(0x7FFFFFFF, aluX(DIV, -1, 2));
        assertEquals(3, aluX(MOD, 10, 7));
        assertEquals(0x0F, aluX(AND, 0xFF, 0x0F));
        assertEquals(0xFF, aluX(OR, 0xF0, 0x0F));
        assertEquals(0xF0, aluX(XOR, 0xFF, 0x0F));
        assertEquals(16, aluX(LSH, 1, 4));
        assertEquals(0x08000000, aluX(RSH, 0x80000000, 4));
    }

    @Test
    void shouldShiftByThirtyTwoOrMoreToZero()
    {
        // Java would mask the count to 5 bits (1 << 32 == 1); BPF gives 0.
        assertEquals(0, aluX(LSH, 1, 32));
        assertEquals(0, aluX(RSH, -1, 32));
        assertEquals(0, aluX(LSH, 1, -1));
    }

    @Test
    void shouldNegateAccumulator()
    {
        assertEquals(-5, run(BpfProgram.builder().stmt(LD | IMM, 5).stmt(ALU | NEG, 0).stmt(RET | A, 0).build()));
        assertEquals(0x80000000, run(BpfProgram.builder()
            .stmt(LD | IMM, 0x80000000).stmt(ALU | NEG, 0).stmt(RET | A, 0).build()));
    }

    @Test
    void shouldRejectPacketOnDivisionOrModuloByZeroX()
    {
        final BpfProgram divide = BpfProgram.builder()
            .stmt(LD | IMM, 7).stmt(LDX | IMM, 0).stmt(ALU | DIV | X, 0).stmt(RET | K, 99).build();
        assertEquals(0, run(divide));
        final BpfProgram modulo = BpfProgram.builder()
            .stmt(LD | IMM, 7).stmt(LDX | IMM, 0).stmt(ALU | MOD | X, 0).stmt(RET | K, 99).build();
        assertEquals(0, run(modulo));
    }

    @Test
    void shouldJumpOnConstantComparisonsUnsigned()
    {
        assertEquals(1, jumpK(JEQ, 5, 5));
        assertEquals(2, jumpK(JEQ, 5, 6));
        assertEquals(1, jumpK(JGT, -1, 1), "0xffffffff > 1 unsigned");
        assertEquals(2, jumpK(JGT, 1, 1));
        assertEquals(1, jumpK(JGE, 1, 1));
        assertEquals(2, jumpK(JGE, 1, -1));
        assertEquals(1, jumpK(JSET, 0x12, 0x02));
        assertEquals(2, jumpK(JSET, 0x12, 0x01));
    }

    @Test
    void shouldJumpOnIndexComparisonsUnsigned()
    {
        assertEquals(1, jumpX(JEQ, 5, 5));
        assertEquals(2, jumpX(JEQ, 5, 6));
        assertEquals(1, jumpX(JGT, -1, 1));
        assertEquals(2, jumpX(JGT, 1, -1));
        assertEquals(1, jumpX(JGE, 7, 7));
        assertEquals(2, jumpX(JGE, 6, 7));
        assertEquals(1, jumpX(JSET, 0x12, 0x10));
        assertEquals(2, jumpX(JSET, 0x12, 0x01));
    }

    @Test
    void shouldJumpAlwaysForwardAndBackward()
    {
        final BpfProgram forward = BpfProgram.builder()
            .stmt(JMP | JA, 1).stmt(RET | K, 1).stmt(RET | K, 2).build();
        assertEquals(2, run(forward));
        // A counting loop, as ip6 protochain compiles: A counts to 3 through a backward jump.
        final BpfProgram loop = BpfProgram.builder()
            .stmt(ALU | ADD | K, 1)                 // 0
            .jump(JMP | JEQ | K, 3, 1, 0)           // 1: A == 3 ? 3 : 2
            .stmt(JMP | JA, -3)                     // 2: back to 0
            .stmt(RET | A, 0)                       // 3
            .build();
        assertEquals(3, run(loop));
    }

    @Test
    void shouldStopEndlessBackwardJumpsAfterLibpcapLimit()
    {
        final BpfProgram endless = BpfProgram.builder()
            .stmt(ALU | ADD | K, 1).stmt(JMP | JA, -2).stmt(RET | K, 1).build();
        assertEquals(0, interpreter.backwardJumpLimitHits());
        assertEquals(0, run(endless));
        assertEquals(1, interpreter.backwardJumpLimitHits(), "the bound's answer is counted");
        // Exactly the limit is still allowed: 64 backward jumps then fall out.
        final BpfProgram bounded = BpfProgram.builder()
            .stmt(ALU | ADD | K, 1)                                       // 0
            .jump(JMP | JEQ | K, BpfInterpreter.MAX_BACKWARD_JUMPS + 1, 1, 0) // 1
            .stmt(JMP | JA, -3)                                           // 2
            .stmt(RET | A, 0)                                             // 3
            .build();
        assertEquals(BpfInterpreter.MAX_BACKWARD_JUMPS + 1, run(bounded));
        assertEquals(1, interpreter.backwardJumpLimitHits(), "a loop within the bound is not counted");
    }

    @Test
    void shouldTransferBetweenRegisters()
    {
        assertEquals(9, run(BpfProgram.builder()
            .stmt(LD | IMM, 9).stmt(MISC | TAX, 0).stmt(LD | IMM, 0).stmt(MISC | TXA, 0).stmt(RET | A, 0).build()));
    }

    @Test
    void shouldReadLittleEndianBuffersInNetworkOrderToo()
    {
        final ByteBuffer little = buffer(FRAME, ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x45010203, interpreter.run(load(LD | W | ABS, 0), little, OFFSET, FRAME.length, 8));
        assertEquals(0x8405, interpreter.run(load(LD | H | ABS, 4), little, OFFSET, FRAME.length, 8));
    }

    @Test
    void shouldAcceptOnNonZeroReturn()
    {
        final ByteBuffer buffer = buffer(FRAME, ByteOrder.BIG_ENDIAN);
        assertTrue(interpreter.accept(load(LD | B | ABS, 0), buffer, OFFSET, FRAME.length, 8));
        assertFalse(interpreter.accept(load(LD | B | ABS, 9), buffer, OFFSET, FRAME.length, 8));
    }
}
