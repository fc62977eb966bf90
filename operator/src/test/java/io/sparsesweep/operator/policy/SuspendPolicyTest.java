package io.sparsesweep.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.sparsesweep.crd.SweepNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuspendPolicyTest {
    private static Job job(String name, String role, Boolean suspend, boolean marked, String done) {
        JobBuilder b =
                new JobBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(Map.of(SweepNames.LABEL_ROLE, role))
                        .withAnnotations(
                                marked
                                        ? Map.of(SuspendPolicy.ANNOTATION_SUSPENDED, "true")
                                        : Map.of())
                        .endMetadata()
                        .withNewSpec()
                        .withSuspend(suspend)
                        .endSpec();
        if (done != null) {
            b.withNewStatus()
                    .addNewCondition()
                    .withType(done)
                    .withStatus("True")
                    .endCondition()
                    .endStatus();
        }
        return b.build();
    }

    private static List<String> names(List<SuspendPolicy.Change> changes, boolean suspend) {
        return changes.stream()
                .filter(c -> c.suspend() == suspend)
                .map(c -> c.job().getMetadata().getName())
                .toList();
    }

    private final List<Job> jobs =
            List.of(
                    job("running", SweepNames.ROLE_TRIAL, null, false, null),
                    job("runningFalse", SweepNames.ROLE_TRIAL, false, false, null),
                    job("done", SweepNames.ROLE_TRIAL, null, false, "Complete"),
                    job("failed", SweepNames.ROLE_TRIAL, null, false, "Failed"),
                    job("ours", SweepNames.ROLE_TRIAL, true, true, null),
                    job("kueueHeld", SweepNames.ROLE_TRIAL, true, false, null),
                    job("fit", "fit", null, false, null));

    @Test
    void aSuspendedSweepSuspendsItsRunningTrialsOnly() {
        List<SuspendPolicy.Change> c = SuspendPolicy.changes(true, false, jobs);
        assertThat(names(c, true)).containsExactlyInAnyOrder("running", "runningFalse");
        assertThat(names(c, false)).isEmpty();
    }

    @Test
    void aResumedSweepResumesWhatItSuspendedNeverWhatKueueHolds() {
        List<SuspendPolicy.Change> c = SuspendPolicy.changes(false, false, jobs);
        assertThat(names(c, false)).containsExactly("ours");
        assertThat(names(c, true)).isEmpty();
        assertThat(SuspendPolicy.changes(false, true, jobs))
                .extracting(x -> x.job().getMetadata().getName())
                .containsExactly("ours");
    }

    @Test
    void underKueueRunningTrialsAreLeftToKueue() {
        assertThat(SuspendPolicy.changes(true, true, jobs)).isEmpty();
    }

    @Test
    void aSuspendedSweepChangesNothingTwice() {
        List<Job> suspended =
                List.of(
                        job("running", SweepNames.ROLE_TRIAL, true, true, null),
                        job("kueueHeld", SweepNames.ROLE_TRIAL, true, false, null));
        assertThat(SuspendPolicy.changes(true, false, suspended)).isEmpty();
    }
}
