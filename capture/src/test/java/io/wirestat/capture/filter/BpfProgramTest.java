package io.wirestat.capture.filter;

import org.junit.jupiter.api.Test;

import static io.wirestat.capture.filter.BpfOpcodes.A;
import static io.wirestat.capture.filter.BpfOpcodes.ABS;
import static io.wirestat.capture.filter.BpfOpcodes.ALU;
import static io.wirestat.capture.filter.BpfOpcodes.B;
import static io.wirestat.capture.filter.BpfOpcodes.DIV;
import static io.wirestat.capture.filter.BpfOpcodes.H;
import static io.wirestat.capture.filter.BpfOpcodes.IMM;
import static io.wirestat.capture.filter.BpfOpcodes.JA;
import static io.wirestat.capture.filter.BpfOpcodes.JEQ;
import static io.wirestat.capture.filter.BpfOpcodes.JMP;
import static io.wirestat.capture.filter.BpfOpcodes.K;
import static io.wirestat.capture.filter.BpfOpcodes.LD;
import static io.wirestat.capture.filter.BpfOpcodes.LEN;
import static io.wirestat.capture.filter.BpfOpcodes.LSH;
import static io.wirestat.capture.filter.BpfOpcodes.MEM;
import static io.wirestat.capture.filter.BpfOpcodes.MOD;
import static io.wirestat.capture.filter.BpfOpcodes.NEG;
import static io.wirestat.capture.filter.BpfOpcodes.RET;
import static io.wirestat.capture.filter.BpfOpcodes.ST;
import static io.wirestat.capture.filter.BpfOpcodes.X;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Validation on load, as libpcap's bpf_validate, and the packed representation.
 */
class BpfProgramTest
{
    private static void assertInvalid(final BpfProgram.Builder builder, final String expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    @Test
    void shouldKeepInstructionFields()
    {
        final BpfProgram program = BpfProgram.builder()
            .stmt(LD | H | ABS, 12).jump(JMP | JEQ | K, 0x800, 0, 1).stmt(RET | K, 262_144).stmt(RET | K, 0).build();
        assertEquals(4, program.length());
        assertEquals(0x15, program.code(1));
        assertEquals(0, program.jt(1));
        assertEquals(1, program.jf(1));
        assertEquals(0x800, program.k(1));
        assertEquals("{ 0x28, 0, 0, 0x0000000c },", program.toString().lines().findFirst().orElseThrow());
    }

    @Test
    void shouldRefuseEmptyProgram()
    {
        assertInvalid(BpfProgram.builder(), "empty");
    }

    @Test
    void shouldRefuseProgramNotEndingWithReturn()
    {
        assertInvalid(BpfProgram.builder().stmt(LD | IMM, 1), "does not end with RET");
    }

    @Test
    void shouldRefuseJumpsOutsideProgram()
    {
        assertInvalid(BpfProgram.builder().jump(JMP | JEQ | K, 0, 2, 0).stmt(RET | K, 0), "outside program");
        assertInvalid(BpfProgram.builder().jump(JMP | JEQ | K, 0, 0, 1).stmt(RET | K, 0), "outside program");
        assertInvalid(BpfProgram.builder().stmt(JMP | JA, 1).stmt(RET | K, 0), "outside program");
        assertInvalid(BpfProgram.builder().stmt(RET | K, 0).stmt(JMP | JA, -3).stmt(RET | K, 0), "outside program");
        assertInvalid(BpfProgram.builder().stmt(JMP | JA, -1).stmt(RET | K, 0), "jump to itself");
    }

    @Test
    void shouldRefuseOpcodesLibpcapDoesNotExecute()
    {
        assertInvalid(BpfProgram.builder().stmt(LD | B | LEN, 0).stmt(RET | K, 0), "opcode");
        assertInvalid(BpfProgram.builder().stmt(ALU | NEG | X, 0).stmt(RET | K, 0), "opcode");
        assertInvalid(BpfProgram.builder().stmt(RET | X, 0), "opcode");
        assertInvalid(BpfProgram.builder().stmt(0x100 | RET, 0), "opcode");
    }

    @Test
    void shouldRefuseScratchIndexOutOfRange()
    {
        assertInvalid(BpfProgram.builder().stmt(ST, 16).stmt(RET | K, 0), "scratch memory index 16");
        assertInvalid(BpfProgram.builder().stmt(LD | MEM, -1).stmt(RET | A, 0), "scratch memory index");
    }

    @Test
    void shouldRefuseConstantDivisionByZeroAndWideShifts()
    {
        assertInvalid(BpfProgram.builder().stmt(ALU | DIV | K, 0).stmt(RET | A, 0), "division by zero");
        assertInvalid(BpfProgram.builder().stmt(ALU | MOD | K, 0).stmt(RET | A, 0), "division by zero");
        assertInvalid(BpfProgram.builder().stmt(ALU | LSH | K, 32).stmt(RET | A, 0), "shift");
    }

    @Test
    void shouldRefuseFieldsOutOfRange()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> BpfProgram.of(new int[]{RET | A}, new int[]{256}, new int[]{0}, new int[]{0}));
        assertTrue(ex.getMessage().contains("out of range"), ex.getMessage());
    }
}
