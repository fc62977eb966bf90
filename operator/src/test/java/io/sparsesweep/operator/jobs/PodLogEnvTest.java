package io.sparsesweep.operator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.sparsesweep.core.plan.SweepPlanner;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.testing.TestSweeps;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Trial and fitting pods log the way the operator does: a JSON-logging operator tells its pods
 * {@code SPARSESWEEP_LOG_FORMAT=json} and names the sweep's namespace, so the trainer's and the
 * fitter's log events carry the sweep as fields; a text-logging one adds nothing.
 */
class PodLogEnvTest {
    private static final OperatorSettings TEXT =
            OperatorSettings.defaults().withImages("default/runner:1", "default/fit:1");
    private static final OperatorSettings JSON = TEXT.withPodLogFormat("json");

    private static Map<String, String> trialEnv(OperatorSettings settings, SparseSweep s) {
        Container c =
                new TrialJobFactory(settings)
                        .jobFor(s, SweepPlanner.plan(s.getSpec()).get(0), 3)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0);
        return env(c.getEnv());
    }

    private static Map<String, String> fitEnv(OperatorSettings settings) {
        return env(
                new FitJobFactory(settings)
                        .jobFor(TestSweeps.small(), "trial\n")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getEnv());
    }

    private static Map<String, String> env(List<EnvVar> vars) {
        assertThat(vars.stream().map(EnvVar::getName)).doesNotHaveDuplicates();
        return vars.stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void aJsonLoggingOperatorTellsItsTrialAndFittingPodsToLogJson() {
        assertThat(trialEnv(JSON, TestSweeps.small()))
                .containsEntry("SPARSESWEEP_LOG_FORMAT", "json")
                .containsEntry("SPARSESWEEP_NAMESPACE", "research")
                .containsEntry("SPARSESWEEP_SWEEP", "small")
                .containsEntry("SPARSESWEEP_ATTEMPT", "3")
                .containsKey("SPARSESWEEP_TRIAL");
        assertThat(fitEnv(JSON))
                .containsEntry("SPARSESWEEP_LOG_FORMAT", "json")
                .containsEntry("SPARSESWEEP_NAMESPACE", "research")
                .containsEntry("SPARSESWEEP_SWEEP", "small");
    }

    @Test
    void aTextLoggingOperatorLeavesThePodsOnTheirDefault() {
        assertThat(TEXT.podsLogJson()).isFalse();
        assertThat(trialEnv(TEXT, TestSweeps.small())).doesNotContainKey("SPARSESWEEP_LOG_FORMAT");
        assertThat(fitEnv(TEXT)).doesNotContainKey("SPARSESWEEP_LOG_FORMAT");
    }

    @Test
    void aSweepAuthorsOwnLogFormatWinsAndIsNotAddedTwice() {
        SparseSweep s = TestSweeps.small();
        s.getSpec()
                .getTrainer()
                .setEnv(List.of(new EnvVar("SPARSESWEEP_LOG_FORMAT", "text", null)));
        assertThat(trialEnv(JSON, s)).containsEntry("SPARSESWEEP_LOG_FORMAT", "text");
    }
}
