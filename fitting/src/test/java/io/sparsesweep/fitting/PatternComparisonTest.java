package io.sparsesweep.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatternComparisonTest {
    private static final ScalingLaw LAW = new ScalingLaw(2.0, 1.5, 0.5, 0.3, 1e4, 0.4, 1.0);

    @Test
    void comparesEachNOfMRunWithTheLawAndItsTwin() {
        Observation twin = new Observation(0.5, 1e5, 2e4, 2.0);
        Observation paired = new Observation(0.5, 1e5, 2e4, 2.05);
        Observation lonely = new Observation(0.5, 4e5, 2e4, 1.9);
        SweepData data =
                SweepData.of(
                        "t",
                        List.of(twin, new Observation(0, 1e5, 2e4, 1.8)),
                        List.of(
                                new StructuredRun("2:4", paired),
                                new StructuredRun("2:4", lonely)));

        PatternComparison c = PatternComparison.of(LAW, data);

        PatternComparison.Run first = c.runs().get(0);
        double predicted =
                (2.0 * Math.pow(0.5, 1.5) + 0.5) * Math.pow(1e5, -0.3)
                        + Math.pow(1e4 / 2e4, 0.4)
                        + 1.0;
        assertThat(first.predicted()).isCloseTo(predicted, within(1e-12));
        assertThat(first.gapVsLaw()).isCloseTo(2.05 / predicted - 1, within(1e-12));
        assertThat(first.twinLoss()).isEqualTo(2.0);
        assertThat(first.gapVsTwin()).isCloseTo(0.025, within(1e-12));
        assertThat(c.runs().get(1).twinLoss()).isNull();
        assertThat(c.runs().get(1).gapVsTwin()).isNull();

        assertThat(c.summary()).hasSize(1);
        PatternComparison.Summary s = c.summary().get(0);
        assertThat(s.pattern()).isEqualTo("2:4");
        assertThat(s.runs()).isEqualTo(2);
        assertThat(s.twins()).isEqualTo(1);
        assertThat(s.meanGapVsTwin()).isCloseTo(0.025, within(1e-12));
        assertThat(s.meanGapVsLaw())
                .isCloseTo((first.gapVsLaw() + c.runs().get(1).gapVsLaw()) / 2, within(1e-12));
    }

    @Test
    void absentWithoutNOfMRuns() {
        SweepData data = SweepData.of("t", List.of(new Observation(0, 1e5, 2e4, 1.8)));
        assertThat(PatternComparison.of(LAW, data)).isNull();
    }
}
