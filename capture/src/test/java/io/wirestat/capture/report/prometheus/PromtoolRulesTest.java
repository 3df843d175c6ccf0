package io.wirestat.capture.report.prometheus;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped rules, checked and unit-tested by Prometheus's own {@code promtool}, so CI runs what
 * {@code docs/fleet.md} tells users to run.
 */
class PromtoolRulesTest
{
    private final Path rules = Promtool.repositoryRoot().resolve("deploy/prometheus");

    @Test
    void shouldPassPromtoolCheckRules() throws Exception
    {
        final Promtool.Result r = Promtool.run(rules, Promtool.require("promtool").toString(),
            "check", "rules", "wirestat.rules.yml");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    @Test
    void shouldPassPromtoolTestRules() throws Exception
    {
        final Promtool.Result r = Promtool.run(rules, Promtool.require("promtool").toString(),
            "test", "rules", "wirestat.rules.test.yml");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }
}
