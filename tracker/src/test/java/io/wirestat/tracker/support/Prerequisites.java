package io.wirestat.tracker.support;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine it runs on: the shared corpus beside the clone, root, a tool {@code .ci/run}
 * installs. Where one is missing the test is skipped, saying what is missing; under {@code CI=true} it fails
 * instead, because CI always has them: a skip there would mean that an independent check (tshark, libpcap,
 * tcpdump, Zeek agreement, kernel truth, live capture) silently did not run. Test support only; stateless.
 */
public final class Prerequisites
{
    /** {@code CI=true} in the environment, as {@code .ci/run}'s callers set it. */
    public static final boolean ON_CI = "true".equals(System.getenv("CI"));

    private Prerequisites()
    {
    }

    /**
     * @param present whether the prerequisite is there.
     * @param missing what is missing and what is skipped for it, e.g. "shared/corpus not found: sweep skipped".
     */
    public static void require(final boolean present, final String missing)
    {
        if (present)
        {
            return;
        }
        if (ON_CI)
        {
            fail(missing + " (CI=true: .ci/run's machine has it, so this fails instead of skipping)");
        }
        Assumptions.abort(missing);
    }
}
