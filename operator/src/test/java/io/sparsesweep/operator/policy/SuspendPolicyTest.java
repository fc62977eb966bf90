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

    /** A trial Job labelled with a Kueue queue, marked as deactivated by the sweep or not. */
    private static Job queuedJob(String name, boolean deactivated, String done) {
        Job j = job(name, SweepNames.ROLE_TRIAL, true, false, done);
        j.getMetadata()
                .setLabels(
                        Map.of(
                                SweepNames.LABEL_ROLE,
                                SweepNames.ROLE_TRIAL,
                                SweepNames.KUEUE_QUEUE_LABEL,
                                "team-a"));
        j.getMetadata()
                .setAnnotations(
                        deactivated
                                ? Map.of(SuspendPolicy.ANNOTATION_DEACTIVATED, "true")
                                : Map.of());
        return j;
    }

    private static List<String> workloadNames(
            List<SuspendPolicy.WorkloadChange> changes, boolean active) {
        return changes.stream()
                .filter(c -> c.active() == active)
                .map(c -> c.job().getMetadata().getName())
                .toList();
    }

    private final List<Job> queued =
            List.of(
                    queuedJob("admitted", false, null),
                    queuedJob("deactivated", true, null),
                    queuedJob("finished", false, "Complete"),
                    queuedJob("finishedMarked", true, "Failed"),
                    job("notQueued", SweepNames.ROLE_TRIAL, null, false, null),
                    job("fit", "fit", null, false, null));

    @Test
    void aSuspendedSweepDeactivatesTheWorkloadsOfItsUnfinishedQueuedTrialsOnce() {
        List<SuspendPolicy.WorkloadChange> c = SuspendPolicy.workloadChanges(true, queued);
        assertThat(workloadNames(c, false)).containsExactly("admitted");
        assertThat(workloadNames(c, true)).isEmpty();
    }

    @Test
    void aResumedSweepReactivatesOnlyTheWorkloadsItDeactivated() {
        List<SuspendPolicy.WorkloadChange> c = SuspendPolicy.workloadChanges(false, queued);
        assertThat(workloadNames(c, true)).containsExactly("deactivated");
        assertThat(workloadNames(c, false)).isEmpty();
    }

    @Test
    void aJobQueuedByTheOperatorsDefaultQueueIsNeverSuspendedDirectly() {
        // spec.queueName unset (queued=false), but the Job carries the default queue's label:
        // Kueue would unsuspend it, so only its Workload is deactivated.
        Job running = queuedJob("byDefault", false, null);
        running.getSpec().setSuspend(false);
        assertThat(SuspendPolicy.changes(true, false, List.of(running))).isEmpty();
        assertThat(SuspendPolicy.workloadChanges(true, List.of(running)))
                .extracting(SuspendPolicy.WorkloadChange::active)
                .containsExactly(false);
    }
}
