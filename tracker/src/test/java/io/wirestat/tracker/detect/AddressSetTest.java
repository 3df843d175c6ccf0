package io.wirestat.tracker.detect;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The half-open detector's primitive set of source addresses counts what a set of the addresses' texts does. */
class AddressSetTest
{
    @Test
    void countsDistinctAddressesAsASetOfThemWould()
    {
        final SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 50; round++)
        {
            final HalfOpenDetector.AddressSet set = new HalfOpenDetector.AddressSet();
            final Set<String> expected = new HashSet<>();
            final int n = random.nextInt(0, 5_000);
            for (int i = 0; i < n; i++)
            {
                // IPv4-mapped (hi 0, lo ::ffff:a.b.c.d) from a small range, so repeats are common; some IPv6.
                final long hi = random.nextInt(8) == 0 ? 0x2001_0db8_0000_0000L | random.nextInt(4) : 0;
                final long lo = 0xFFFF_0000_0000L | random.nextInt(0, 3_000);
                set.add(hi, lo);
                expected.add(hi + "/" + lo);
            }
            assertEquals(expected.size(), set.size(), "round " + round);
        }
    }
}
