package io.wirestat.tracker.state;

import java.util.ArrayList;
import java.util.List;

/**
 * How sure the wire makes an endpoint's reported state: the other states the evidence leaves possible (empty when
 * the state is decided) and a stable snake_case code saying why ({@link Evidence}). Immutable; thread safe.
 *
 * @param alternatives the other possible states, one bit per {@link TcpState} constant ({@code 1 << state}); never
 *                     includes the reported state.
 * @param evidence     the reason code, {@link Evidence#OBSERVED} when the state is decided.
 * @param tableState   the state the transition table reached (what the per-packet counts, such as the timeline's,
 *                     hold), when it differs from the reported one; {@link TcpState#IGNORE} when they are the same.
 */
public record StateCertainty(int alternatives, String evidence, byte tableState)
{
    /** A decided state. */
    public static final StateCertainty DECIDED = new StateCertainty(0, Evidence.OBSERVED, TcpState.IGNORE);

    /**
     * @param alternatives the other possible states ({@code 1 << state} each).
     * @param evidence     the reason code.
     */
    public StateCertainty(final int alternatives, final String evidence)
    {
        this(alternatives, evidence, TcpState.IGNORE);
    }

    /**
     * @param reported the reported state.
     * @return the state the transition table reached for this endpoint.
     */
    public byte tableState(final byte reported)
    {
        return tableState == TcpState.IGNORE ? reported : tableState;
    }

    /**
     * @throws IllegalArgumentException if alternatives are given with {@code observed}, or none with another code.
     */
    public StateCertainty
    {
        if ((alternatives == 0) != Evidence.OBSERVED.equals(evidence))
        {
            throw new IllegalArgumentException("alternatives " + alternatives + " do not fit evidence " + evidence);
        }
    }

    /** @return true when the wire decides the state (no alternatives). */
    public boolean decided()
    {
        return alternatives == 0;
    }

    /** @return true if the state is one of the alternatives. */
    public boolean allows(final int state)
    {
        return (alternatives & (1 << state)) != 0;
    }

    /** @return the alternatives in netstat's spelling, in {@link TcpState} order. */
    public List<String> alternativeNames()
    {
        final List<String> names = new ArrayList<>(2);
        for (int s = 0; s < TcpState.COUNT; s++)
        {
            if (allows(s))
            {
                names.add(TcpState.name(s));
            }
        }
        return names;
    }
}
