package io.sparsesweep.operator.fit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.sparsesweep.core.plan.PhaseDecision;
import io.sparsesweep.core.plan.PhaseDecision.FitJobState;
import io.sparsesweep.crd.FitJobStatus;
import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.jobs.FitJobFactory;
import io.sparsesweep.operator.testing.TestSweeps;
import io.sparsesweep.operator.testing.TestingEventRecorder;
import io.sparsesweep.operator.testing.TestingJobGateway;
import java.time.Instant;
import java.util.List;
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

    private static SparseSweep sweep(SparseSweepStatus status) {
        SparseSweep sweep = TestSweeps.small();
        sweep.getMetadata().setName("s");
        sweep.getMetadata().setNamespace("research");
        sweep.setStatus(status);
        return sweep;
    }

    private static SparseSweepStatus fitting() {
        SparseSweepStatus s = new SparseSweepStatus();
        s.setPhase(SweepPhase.Fitting);
        return s;
    }

    private static FitStage stage(TestingJobGateway gateway, TestingEventRecorder events) {
        return new FitStage(
                gateway,
                new FitJobFactory(OperatorSettings.defaults().withImages("r:1", null)),
                events);
    }

    @Test
    void stateFollowsTheJobsConditions() {
        assertThat(FitStage.state(null)).isEqualTo(FitJobState.NONE);
        assertThat(FitStage.state(fitJob(null))).isEqualTo(FitJobState.RUNNING);
        assertThat(FitStage.state(fitJob("Failed"))).isEqualTo(FitJobState.FAILED);
        assertThat(FitStage.state(fitJob("Complete"))).isEqualTo(FitJobState.SUCCEEDED);
    }

    @Test
    void theFitIsReadFromTheFinishedJobsLogOnceAndKeptAfterwards() {
        TestingJobGateway gateway = new TestingJobGateway();
        FitStage stage = stage(gateway, new TestingEventRecorder());
        Job done = fitJob("Complete");
        done.getMetadata().setNamespace("research");
        FitStatus fitted = new FitStatus();
        fitted.setState("Succeeded");
        fitted.setLaw("L = 1");

        assertThat(stage.observe(sweep(fitting()), List.of(fitJob(null))).fit())
                .as("a running Job: nothing to read yet")
                .isNull();
        gateway.log("research", "s-fit", "noise\n" + FitContract.outputLine(fitted));
        FitStage.Observed read = stage.observe(sweep(fitting()), List.of(done));
        assertThat(read.state()).isEqualTo(FitJobState.SUCCEEDED);
        assertThat(read.fit().getLaw()).isEqualTo("L = 1");

        SparseSweepStatus recorded = fitting();
        recorded.setFit(read.fit());
        gateway.log("research", "s-fit", "");
        assertThat(stage.observe(sweep(recorded), List.of(done)).fit().getLaw())
                .as("once recorded, the log is not read again (its pod may be gone)")
                .isEqualTo("L = 1");
    }

    @Test
    void aFinishedJobWithoutOutputIsAFailedFitSayingSo() {
        FitStage stage = stage(new TestingJobGateway(), new TestingEventRecorder());
        Job failed = fitJob("Failed");
        failed.getMetadata().setNamespace("research");
        FitStatus fit = stage.observe(sweep(fitting()), List.of(failed)).fit();
        assertThat(fit.getState()).isEqualTo("Failed");
        assertThat(fit.getMessage()).isEqualTo("the fitting Job failed and left no log");
    }

    @Test
    void applyStartsTheJobOnceAndNeverChangesTheRecordedStatusInPlace() {
        TestingJobGateway gateway = new TestingJobGateway();
        TestingEventRecorder events = new TestingEventRecorder();
        FitStage stage = stage(gateway, events);
        SparseSweep sweep = sweep(null);
        PhaseDecision fitting = new PhaseDecision(SweepPhase.Fitting, "Fitting", "");

        FitJobStatus started =
                stage.apply(
                        sweep,
                        fitting,
                        new FitStage.Observed(null, FitJobState.NONE, null),
                        "trial,sparsity\n",
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
                        new FitStage.Observed(fitJob("Complete"), FitJobState.SUCCEEDED, null),
                        "trial,sparsity\n",
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
