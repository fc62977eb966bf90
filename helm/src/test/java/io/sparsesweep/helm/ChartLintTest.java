package io.sparsesweep.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

class ChartLintTest {
    @Test
    void strictLintIsClean() {
        LintResult result = new Helm(Chart.CHART_DIR).lint().strict().call();

        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages())
                .as("strict lint reports nothing but the chart's own summary lines")
                .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }
}
