package io.sparsesweep.operator.fit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.sparsesweep.crd.FitJobStatus;
import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.jobs.FitJobFactory;
import io.sparsesweep.operator.status.PhaseDecision;
import io.sparsesweep.operator.status.PhaseDecision.FitJobState;
import io.sparsesweep.operator.testing.TestSweeps;
import io.sparsesweep.operator.testing.TestingEventRecorder;
import io.sparsesweep.operator.testing.TestingJobGateway;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FitStageTest {
    private static final Instant DONE = Instant.parse("2026-11-29T12:00:00Z");

    private static Job fitJob(String condition) {
        JobBuilder b = new JobBuilder().withNewMetadata().withName("s-fit").endMetadata();
        if (condition != null) {
            b.withNewStatus()
                    .addNewCondition()
                    .withType(condition)
                    .withStatus("True")
                    .endCondition()
                    .withCompletionTime(DONE.toString())
                    .endStatus();
        }
        return b.build();
    }

    private static SparseSweepStatus withFit() {
        SparseSweepStatus s = new SparseSweepStatus();
        FitStatus fit = new FitStatus();
        fit.setState("Succeeded");
        s.setFit(fit);
        return s;
    }

    @Test
    void stateFollowsTheJobAndWaitsAGraceForStatusFit() {
        assertThat(FitStage.state(null, null, DONE)).isEqualTo(FitJobState.NONE);
        assertThat(FitStage.state(fitJob(null), null, DONE)).isEqualTo(FitJobState.RUNNING);
        assertThat(FitStage.state(fitJob("Failed"), null, DONE)).isEqualTo(FitJobState.FAILED);
        assertThat(FitStage.state(fitJob("Complete"), withFit(), DONE))
                .isEqualTo(FitJobState.SUCCEEDED);
        assertThat(FitStage.state(fitJob("Complete"), null, DONE.plusSeconds(119)))
                .as("within the grace: status.fit may not have reached the cache")
                .isEqualTo(FitJobState.RUNNING);
        assertThat(FitStage.state(fitJob("Complete"), null, DONE.plusSeconds(121)))
                .as("past the grace: succeeded, and PhaseDecision calls the missing fit failed")
                .isEqualTo(FitJobState.SUCCEEDED);
    }

    @Test
    void applyStartsTheJobOnceAndNeverChangesTheRecordedStatusInPlace() {
        TestingJobGateway gateway = new TestingJobGateway();
        TestingEventRecorder events = new TestingEventRecorder();
        FitStage stage =
                new FitStage(
                        gateway,
                        new FitJobFactory(OperatorSettings.defaults().withImages("r:1", "r:1")),
                        events);
        SparseSweep sweep = TestSweeps.small();
        sweep.getMetadata().setName("s");
        sweep.getMetadata().setNamespace("research");
        PhaseDecision fitting = new PhaseDecision(SweepPhase.Fitting, "Fitting", "");

        FitJobStatus started =
                stage.apply(
                        sweep,
                        fitting,
                        new FitStage.Observed(null, FitJobState.NONE),
                        "2026-11-29T12:00:00Z");
        assertThat(gateway.jobs())
                .extracting(j -> j.getMetadata().getName())
                .containsExactly("s-fit");
        assertThat(started.getState()).isEqualTo("Running");
        assertThat(events.reasons()).containsExactly("FitStarted");

        SparseSweepStatus recorded = new SparseSweepStatus();
        recorded.setFitJob(started);
        sweep.setStatus(recorded);
        FitJobStatus done =
                stage.apply(
                        sweep,
                        new PhaseDecision(SweepPhase.Complete, "LawFitted", ""),
                        new FitStage.Observed(fitJob("Complete"), FitJobState.SUCCEEDED),
                        "2026-11-29T12:01:00Z");
        assertThat(done.getState()).isEqualTo("Succeeded");
        assertThat(done.getStartedAt()).isEqualTo("2026-11-29T12:00:00Z");
        assertThat(started.getState())
                .as("the recorded status is what the status writer diffs against")
                .isEqualTo("Running");
        assertThat(gateway.jobs()).hasSize(1);
        assertThat(events.reasons()).containsExactly("FitStarted");
        assertThat(done).isNotSameAs(started);
    }
}
