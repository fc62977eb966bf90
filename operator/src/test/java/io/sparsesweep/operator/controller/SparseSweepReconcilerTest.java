package io.sparsesweep.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparsesweep.crd.FitStatus;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.crd.TrialStatus;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.fit.FitContract;
import io.sparsesweep.operator.kube.KubernetesJobGateway;
import io.sparsesweep.operator.kube.KubernetesStatusWriter;
import io.sparsesweep.operator.metrics.SweepMetrics;
import io.sparsesweep.operator.observe.WorkloadInformers;
import io.sparsesweep.operator.testing.LoggingJobGateway;
import io.sparsesweep.operator.testing.SweepCluster;
import io.sparsesweep.operator.testing.TestSweeps;
import io.sparsesweep.operator.testing.TestingEventRecorder;
import io.sparsesweep.operator.testing.TestingJobGateway;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrialResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler against Fabric8's mock API server in CRUD mode; the test plays the Job controller.
 * The fixture takes any client, so the same scenarios can run against a real API server.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class SparseSweepReconcilerTest {
    static KubernetesClient client;

    private SweepCluster cluster;
    private TestingEventRecorder events;
    private LoggingJobGateway gateway;
    private SparseSweepReconciler reconciler;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new SweepCluster(client, "research").installCrd();
        events = new TestingEventRecorder();
        reconciler = newReconciler();
    }

    private SparseSweepReconciler newReconciler() {
        gateway = new LoggingJobGateway(new KubernetesJobGateway(client));
        return new SparseSweepReconciler(
                OperatorSettings.defaults().withImages("default/runner:1", null),
                gateway,
                new KubernetesStatusWriter(client),
                events,
                SweepMetrics.discarding(),
                Clock.systemUTC());
    }

    private SparseSweep create(String name) {
        SparseSweep s = TestSweeps.small();
        s.getMetadata().setName(name);
        return cluster.create(s);
    }

    private Duration reconcile(String name) {
        return reconciler.reconcile(cluster.sweep(name), cluster.jobs(name));
    }

    /** The result a trainer run with the Job's flags would report. */
    static String result(Job job, double valLoss, long nonzero) {
        List<String> args = job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        return TrialResult.echoing(TrainerArgs.parse(args))
                .valLoss(valLoss)
                .trainLoss(valLoss + 0.1)
                .params(30000, 25000, 30000, nonzero)
                .wallSeconds(3.5)
                .build()
                .toJson();
    }

    private static Condition condition(SparseSweep s, String type) {
        return s.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElseThrow();
    }

    private static TrialStatus trial(SparseSweep s, String id) {
        return s.getStatus().getTrials().stream()
                .filter(t -> t.getId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void sweepRunsToCompletion() {
        create("run");
        assertThat(reconcile("run")).isNotNull();
        List<Job> first = cluster.trialJobs("run");
        assertThat(first).as("parallelism 2").hasSize(2);
        SparseSweep s = cluster.sweep("run");
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Running);
        assertThat(s.getStatus().getProgress()).isEqualTo("0/3");
        assertThat(s.getStatus().getTrialCounts().getRunning()).isEqualTo(2);
        assertThat(s.getStatus().getObservedGeneration())
                .isEqualTo(s.getMetadata().getGeneration());
        assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(s, "Progressing").getStatus()).isEqualTo("True");
        assertThat(s.getStatus().getStartTime()).isNotNull();

        cluster.succeed(first.get(0), result(first.get(0), 3.5, 30000));
        cluster.succeed(first.get(1), result(first.get(1), 3.2, 15000));
        reconcile("run");
        s = cluster.sweep("run");
        assertThat(s.getStatus().getTrialCounts().getSucceeded()).isEqualTo(2);
        assertThat(s.getStatus().getBestValLoss()).isEqualTo(3.2);
        assertThat(cluster.trialJobs("run")).hasSize(3);
        String csv = cluster.results("run").getData().get(SweepNames.RESULTS_KEY);
        assertThat(csv.lines())
                .hasSize(3)
                .first()
                .isEqualTo(
                        "trial,sparsity,achieved_sparsity,pattern,seed,nonzero_params,data,val_loss,"
                                + "steps,prune_start,prune_end,train_flops_per_example,"
                                + "block_flops_per_example");
        assertThat(csv).contains(",1600,3.2,100");

        reconcile("run");
        assertThat(cluster.trialJobs("run")).as("recorded Jobs are deleted").hasSize(1);

        cluster.succeed(
                cluster.trialJobs("run").get(0),
                result(cluster.trialJobs("run").get(0), 3.9, 7500));
        reconcile("run");
        s = cluster.sweep("run");
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Fitting);
        Job fit = cluster.job("run-fit");
        assertThat(fit).isNotNull();
        assertThat(fit.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(
                        o ->
                                assertThat(o.getUid())
                                        .isEqualTo(cluster.sweep("run").getMetadata().getUid()));
        assertThat(s.getStatus().getFitJob().getName()).isEqualTo("run-fit");

        FitStatus fitted = new FitStatus();
        fitted.setState("Succeeded");
        fitted.setLaw("L = ...");
        fitted.setPoints(3);
        fitted.setDurationSeconds(1.5);
        gateway.log("research", "run-fit", "starting\n" + FitContract.outputLine(fitted) + "\n");
        cluster.succeed(fit, "");
        assertThat(reconcile("run")).as("nothing left to wait for").isNull();
        s = cluster.sweep("run");
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Complete);
        assertThat(condition(s, "Complete").getStatus()).isEqualTo("True");
        assertThat(condition(s, "Complete").getReason()).isEqualTo("LawFitted");
        assertThat(condition(s, "Progressing").getStatus()).isEqualTo("False");
        assertThat(s.getStatus().getFit().getLaw())
                .as("the operator records the fit from the fitting Job's output")
                .isEqualTo("L = ...");
        assertThat(s.getStatus().getCompletionTime()).isNotNull();
        assertThat(s.getStatus().getProgress()).isEqualTo("3/3");
        assertThat(s.getStatus().getFitJob().getState())
                .as("recorded, not changed in place in the status the writer diffs against")
                .isEqualTo("Succeeded");
        assertThat(events.reasons())
                .contains("TrialStarted", "TrialSucceeded", "FitStarted", "LawFitted");
    }

    /** Runs the small sweep's three trials to success and returns its fitting Job. */
    private Job runTrialsToFitting(String name) {
        create(name);
        for (int round = 0;
                round < 4 && cluster.job(SweepNames.fitJobName(name)) == null;
                round++) {
            reconcile(name);
            for (Job j : cluster.trialJobs(name)) {
                if (j.getStatus() == null || j.getStatus().getConditions().isEmpty()) {
                    cluster.succeed(j, result(j, 3.0 + round, 30000 / (round + 1)));
                }
            }
        }
        Job fit = cluster.job(SweepNames.fitJobName(name));
        assertThat(fit).as("fitting Job").isNotNull();
        return fit;
    }

    @Test
    void theFittingJobFitsTheStatusRecordWithTheOperatorsImageAndNoToken() {
        create("inputs");
        for (int round = 0; round < 4 && cluster.job("inputs-fit") == null; round++) {
            reconcile("inputs");
            // Someone with edit rights rewrites the results ConfigMap: the fit must not see it.
            if (cluster.results("inputs") != null) {
                client.configMaps()
                        .inNamespace("research")
                        .withName(SweepNames.resultsConfigMapName("inputs"))
                        .edit(
                                cm -> {
                                    cm.getData().put(SweepNames.RESULTS_KEY, "forged\n");
                                    return cm;
                                });
            }
            for (Job j : cluster.trialJobs("inputs")) {
                if (j.getStatus() == null || j.getStatus().getConditions().isEmpty()) {
                    cluster.succeed(j, result(j, 3.25, 30000));
                }
            }
        }
        Job fit = cluster.job("inputs-fit");
        assertThat(fit).isNotNull();
        var pod = fit.getSpec().getTemplate();
        String csv = pod.getMetadata().getAnnotations().get(FitContract.ANNOTATION_RESULTS);
        assertThat(csv)
                .as("the results recorded in status, not the editable ConfigMap")
                .doesNotContain("forged")
                .startsWith("trial,sparsity,")
                .contains(",3.25,");
        assertThat(csv.lines()).hasSize(4);
        for (TrialStatus t : cluster.sweep("inputs").getStatus().getTrials()) {
            assertThat(csv).contains(t.getId() + ",");
        }
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getContainers().get(0).getImage())
                .as("the operator's own image, never the sweep's trainer image")
                .isEqualTo(OperatorSettings.OWN_IMAGE)
                .isNotEqualTo(cluster.sweep("inputs").getSpec().getTrainer().getImage());
    }

    @Test
    void aFittingJobThatFailsOrLeavesNoReportFailsTheSweepWithTheReason() {
        Job failedFit = runTrialsToFitting("fitfails");
        gateway.log(
                "research",
                failedFit.getMetadata().getName(),
                FitContract.outputLine(FitContract.failed("IllegalArgumentException: singular")));
        cluster.fail(failedFit, 1, "BackoffLimitExceeded");
        assertThat(reconcile("fitfails")).isNull();
        SparseSweep s = cluster.sweep("fitfails");
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Failed);
        assertThat(condition(s, "Failed").getReason()).isEqualTo("FitFailed");
        assertThat(condition(s, "Failed").getMessage()).contains("singular");
        assertThat(s.getStatus().getFit().getState()).isEqualTo("Failed");

        Job silent = runTrialsToFitting("silent");
        cluster.succeed(silent, "");
        reconcile("silent");
        s = cluster.sweep("silent");
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Failed);
        assertThat(condition(s, "Failed").getMessage())
                .isEqualTo("the fitting Job succeeded but its log is gone");
        assertThat(events.reasons()).filteredOn("FitFailed"::equals).hasSize(2);
    }

    @Test
    void outcomeEventsFollowASuccessfulStatusWriteAndAreReportedOnce() {
        java.util.concurrent.atomic.AtomicBoolean apiDown =
                new java.util.concurrent.atomic.AtomicBoolean();
        KubernetesStatusWriter real = new KubernetesStatusWriter(client);
        reconciler =
                new SparseSweepReconciler(
                        OperatorSettings.defaults()
                                .withImages("default/runner:1", "default/runner:1"),
                        new KubernetesJobGateway(client),
                        (sweep, current, next) -> {
                            if (apiDown.get()) {
                                throw new io.fabric8.kubernetes.client.KubernetesClientException(
                                        "status write refused");
                            }
                            real.write(sweep, current, next);
                        },
                        events,
                        SweepMetrics.discarding(),
                        Clock.systemUTC());
        create("once");
        reconcile("once");
        Job first = cluster.trialJobs("once").get(0);
        cluster.succeed(first, result(first, 3.5, 30000));

        apiDown.set(true);
        assertThatThrownBy(() -> reconcile("once")).hasMessageContaining("status write refused");
        assertThat(events.reasons())
                .as("the trial's end is not reported while its status is not written")
                .doesNotContain("TrialSucceeded");

        apiDown.set(false);
        reconcile("once");
        reconcile("once");
        assertThat(events.reasons()).filteredOn("TrialSucceeded"::equals).hasSize(1);
        assertThat(
                        trial(
                                        cluster.sweep("once"),
                                        first.getMetadata().getLabels().get(SweepNames.LABEL_TRIAL))
                                .getState())
                .isEqualTo(TrialState.Succeeded);
    }

    @Test
    void disabledFittingCompletesWithTheTrialsAndCreatesNoFittingJob() {
        SparseSweep sweep = TestSweeps.small();
        sweep.getMetadata().setName("nofit");
        sweep.getSpec().getFitting().setEnabled(false);
        cluster.create(sweep);
        for (int round = 0; round < 3; round++) {
            reconcile("nofit");
            for (Job j : cluster.trialJobs("nofit")) {
                if (j.getStatus() == null || j.getStatus().getConditions().isEmpty()) {
                    cluster.succeed(j, result(j, 3.5, 30000));
                }
            }
        }
        assertThat(reconcile("nofit")).as("nothing left to wait for").isNull();
        SparseSweep s = cluster.sweep("nofit");
        assertThat(s.getStatus().getTrialCounts().getSucceeded()).isEqualTo(3);
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Complete);
        assertThat(condition(s, "Complete").getReason()).isEqualTo("TrialsFinished");
        assertThat(condition(s, "Complete").getMessage()).contains("fitting is disabled");
        assertThat(cluster.job(SweepNames.fitJobName("nofit"))).isNull();
        assertThat(s.getStatus().getFitJob()).isNull();
        assertThat(events.reasons()).doesNotContain("FitStarted");
    }

    @Test
    void trialThatNeverWritesAResultEndsAndFailsTheSweepStoppingTheRest() {
        create("noresult");
        reconcile("noresult");
        List<Job> jobs = cluster.trialJobs("noresult");
        cluster.succeed(jobs.get(0), null);
        reconcile("noresult");
        SparseSweep s = cluster.sweep("noresult");
        String id = jobs.get(0).getMetadata().getLabels().get(SweepNames.LABEL_TRIAL);
        assertThat(trial(s, id).getState()).isEqualTo(TrialState.ResultUnavailable);
        assertThat(trial(s, id).getMessage()).isEqualTo("unusable result: the result is empty");
        assertThat(s.getStatus().getPhase())
                .as("maxFailedTrials is 0")
                .isEqualTo(SweepPhase.Failed);
        assertThat(condition(s, "Failed").getReason()).isEqualTo("TooManyFailedTrials");
        assertThat(s.getStatus().getTrialCounts().getCancelled()).isEqualTo(2);
        assertThat(cluster.job(jobs.get(1).getMetadata().getName()))
                .as("running trial stopped")
                .isNull();
        assertThat(cluster.trialJobs("noresult"))
                .extracting(j -> j.getMetadata().getName())
                .doesNotContain(jobs.get(1).getMetadata().getName());

        reconcile("noresult");
        assertThat(cluster.sweep("noresult").getStatus().getPhase()).isEqualTo(SweepPhase.Failed);
        assertThat(cluster.trialJobs("noresult")).as("nothing launched after failure").isEmpty();
    }

    @Test
    void failedAttemptIsRetriedButBadConfigurationIsNot() {
        SparseSweep sweep = TestSweeps.small();
        sweep.getMetadata().setName("retry");
        sweep.getSpec().getFailurePolicy().setMaxFailedTrials(3);
        sweep.getSpec().setParallelism(1);
        cluster.create(sweep);
        reconcile("retry");
        Job a1 = cluster.trialJobs("retry").get(0);
        assertThat(a1.getMetadata().getName()).endsWith("-a1");
        cluster.fail(a1, 1, "BackoffLimitExceeded");
        reconcile("retry");
        String id = a1.getMetadata().getLabels().get(SweepNames.LABEL_TRIAL);
        Job a2 = cluster.job("retry-" + id + "-a2");
        assertThat(a2).as("retried under attempt 2").isNotNull();
        assertThat(trial(cluster.sweep("retry"), id).getAttempts()).isEqualTo(2);
        assertThat(trial(cluster.sweep("retry"), id).getState()).isEqualTo(TrialState.Running);

        cluster.fail(a2, 2, "PodFailurePolicy");
        reconcile("retry");
        SparseSweep s = cluster.sweep("retry");
        assertThat(trial(s, id).getState()).isEqualTo(TrialState.Failed);
        assertThat(trial(s, id).getMessage()).contains("PodFailurePolicy").contains("exit code 2");
        assertThat(cluster.job("retry-" + id + "-a3"))
                .as("bad configuration is not retried")
                .isNull();
        assertThat(s.getStatus().getTrialCounts().getFailed()).isEqualTo(1);
        assertThat(s.getStatus().getTrialCounts().getRunning())
                .as("next trial started")
                .isEqualTo(1);
    }

    @Test
    void operatorRestartAndLostStatusWritesCreateNothingTwice() {
        SparseSweep created = create("restart");
        reconcile("restart");
        List<String> names =
                cluster.trialJobs("restart").stream().map(j -> j.getMetadata().getName()).toList();

        // A new operator process, reading the sweep as it was before the first status write.
        reconciler = newReconciler();
        reconciler.reconcile(created, cluster.jobs("restart"));
        reconcile("restart");
        assertThat(cluster.trialJobs("restart"))
                .extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(names);
        assertThat(cluster.sweep("restart").getStatus().getTrialCounts().getRunning()).isEqualTo(2);
    }

    @Test
    void parallelismAndSuspendAreMutable() {
        create("knobs");
        reconcile("knobs");
        cluster.editSpec("knobs", s -> s.getSpec().setSuspend(true));
        cluster.succeed(
                cluster.trialJobs("knobs").get(0),
                result(cluster.trialJobs("knobs").get(0), 3.0, 30000));
        reconcile("knobs");
        SparseSweep s = cluster.sweep("knobs");
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Suspended);
        assertThat(condition(s, "Suspended").getStatus()).isEqualTo("True");
        assertThat(s.getStatus().getTrialCounts().getPending()).isEqualTo(1);

        cluster.editSpec(
                "knobs",
                x -> {
                    x.getSpec().setSuspend(false);
                    x.getSpec().setParallelism(3);
                });
        reconcile("knobs");
        s = cluster.sweep("knobs");
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Running);
        assertThat(condition(s, "Suspended").getStatus()).isEqualTo("False");
        assertThat(s.getStatus().getTrialCounts().getRunning()).isEqualTo(2);
        assertThat(s.getStatus().getTrialCounts().getPending()).isZero();
    }

    @Test
    void suspendSuspendsRunningTrialJobsAndResumeResumesThemWithoutCountingAFailure() {
        SparseSweep sweep = TestSweeps.small();
        sweep.getMetadata().setName("pause");
        sweep.getSpec().setQueueName(null); // not Kueue's (see the next test)
        cluster.create(sweep);
        reconcile("pause");
        List<Job> running = cluster.trialJobs("pause");
        assertThat(running).hasSize(2);
        cluster.editSpec("pause", s -> s.getSpec().setSuspend(true));
        reconcile("pause");
        for (Job j : cluster.trialJobs("pause")) {
            assertThat(j.getSpec().getSuspend()).as(j.getMetadata().getName()).isTrue();
            assertThat(j.getMetadata().getAnnotations())
                    .containsEntry("sparsesweep.io/suspended-by-sweep", "true");
        }
        reconcile("pause"); // nothing twice
        assertThat(events.reasons()).filteredOn("TrialSuspended"::equals).hasSize(2);
        SparseSweep s = cluster.sweep("pause");
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Suspended);
        assertThat(s.getStatus().getTrialCounts().getFailed()).isZero();
        assertThat(s.getStatus().getTrialCounts().getRunning()).isEqualTo(2);

        cluster.editSpec("pause", x -> x.getSpec().setSuspend(false));
        reconcile("pause");
        assertThat(cluster.trialJobs("pause"))
                .extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(
                        running.stream().map(j -> j.getMetadata().getName()).toList());
        for (Job j : cluster.trialJobs("pause")) {
            assertThat(j.getSpec().getSuspend()).as(j.getMetadata().getName()).isFalse();
            // (a real API server removes a key merge-patched to null; the mock keeps it as null)
            assertThat(j.getMetadata().getAnnotations().get("sparsesweep.io/suspended-by-sweep"))
                    .isNull();
        }
        assertThat(events.reasons()).filteredOn("TrialResumed"::equals).hasSize(2);
        cluster.trialJobs("pause").forEach(j -> cluster.succeed(j, result(j, 3.0, 30000)));
        reconcile("pause");
        s = cluster.sweep("pause");
        assertThat(s.getStatus().getTrials())
                .filteredOn(t -> t.getState() == TrialState.Succeeded)
                .hasSize(2)
                .allMatch(t -> t.attemptsSoFar() == 1);
    }

    @Test
    void aQueuedSweepLeavesSuspendingRunningTrialsToKueue() {
        SparseSweep sweep = TestSweeps.small();
        sweep.getMetadata().setName("queued");
        assertThat(sweep.getSpec().getQueueName()).isEqualTo("team-a");
        cluster.create(sweep);
        reconcile("queued");
        cluster.editSpec("queued", s -> s.getSpec().setSuspend(true));
        reconcile("queued");
        assertThat(cluster.trialJobs("queued"))
                .hasSize(2)
                .allMatch(j -> !Boolean.TRUE.equals(j.getSpec().getSuspend()));
        assertThat(events.reasons()).doesNotContain("TrialSuspended");
    }

    @Test
    void invalidSpecIsReportedOnReadyNamingTheField() {
        SparseSweep sweep = TestSweeps.small();
        sweep.getMetadata().setName("bad");
        sweep.getSpec().getTrainer().setAcceleratorProfile("h100");
        cluster.create(sweep);
        assertThat(reconcile("bad")).isNull();
        SparseSweep s = cluster.sweep("bad");
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Invalid);
        Condition ready = condition(s, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("InvalidSpec");
        assertThat(ready.getMessage()).startsWith("spec.trainer.acceleratorProfile: 'h100'");
        assertThat(cluster.jobs("bad")).isEmpty();
        assertThat(events.reasons()).containsExactly("InvalidSpec");
    }

    @Test
    void childrenAreOwnedBySweepSoDeletingItRemovesThem() {
        SparseSweep created = create("owned");
        reconcile("owned");
        String uid = created.getMetadata().getUid();
        assertThat(cluster.jobs("owned"))
                .isNotEmpty()
                .allSatisfy(
                        j ->
                                assertThat(j.getMetadata().getOwnerReferences())
                                        .singleElement()
                                        .satisfies(
                                                o -> {
                                                    assertThat(o.getUid()).isEqualTo(uid);
                                                    assertThat(o.getController()).isTrue();
                                                }));
        assertThat(cluster.results("owned").getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));
        // The mock has no garbage collector; the real-API-server tier checks the cascade itself.
    }

    @Test
    void clusterWideCapLimitsLaunchesAcrossSweeps() {
        reconciler =
                new SparseSweepReconciler(
                        OperatorSettings.defaults()
                                .withImages("default/runner:1", "default/runner:1")
                                .withMaxActiveTrials(3),
                        new KubernetesJobGateway(client),
                        new KubernetesStatusWriter(client),
                        events,
                        SweepMetrics.discarding(),
                        Clock.systemUTC());
        create("capa");
        create("capb");
        reconciler.reconcile(cluster.sweep("capa"), cluster.jobs("capa"), 0);
        assertThat(cluster.trialJobs("capa")).hasSize(2);
        reconciler.reconcile(cluster.sweep("capb"), cluster.jobs("capb"), 2);
        assertThat(cluster.trialJobs("capb")).as("3 - 2 active elsewhere").hasSize(1);
        reconciler.reconcile(cluster.sweep("capb"), cluster.jobs("capb"), 2);
        assertThat(cluster.trialJobs("capb")).as("its own running trial keeps its slot").hasSize(1);
        assertThat(cluster.sweep("capb").getStatus().getTrialCounts().getPending()).isEqualTo(2);
    }

    /** The small sweep widened to 40 trials, all allowed to run at once by the sweep. */
    private SparseSweep wide(String name) {
        SparseSweep s = TestSweeps.small();
        s.getMetadata().setName(name);
        s.getSpec()
                .getGrid()
                .setSparsities(List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9));
        s.getSpec().getGrid().setSteps(List.of(100L, 200L, 300L, 400L));
        s.getSpec().setParallelism(40);
        return cluster.create(s);
    }

    /** A reconciler under a cluster-wide cap of 25 trial Jobs, creating 8 at a time. */
    private SparseSweepReconciler cappedAt25(TestingJobGateway gateway, TestingEventRecorder ev) {
        return new SparseSweepReconciler(
                OperatorSettings.defaults()
                        .withImages("default/runner:1", "default/runner:1")
                        .withMaxActiveTrials(25)
                        .withJobCreationConcurrency(8),
                gateway,
                new KubernetesStatusWriter(client),
                ev,
                SweepMetrics.discarding(),
                Clock.systemUTC());
    }

    @Test
    void concurrentLaunchesKeepTheCapAndRecordEveryCreatedJobWhenOneFails() {
        TestingJobGateway gateway = new TestingJobGateway().withLatency(10);
        reconciler = cappedAt25(gateway, events);
        wide("wide");
        assertThat(io.sparsesweep.core.plan.SweepPlanner.plan(cluster.sweep("wide").getSpec()))
                .hasSize(40);
        // Which trials the cap admits is the scheduler's choice; make one of them fail.
        reconciler.reconcile(cluster.sweep("wide"), List.of(), 0);
        List<Job> admitted = gateway.jobsOf("research", "wide");
        assertThat(admitted).as("the cap, not parallelism 40").hasSize(25);
        assertThat(gateway.maxInFlight()).isBetween(2, 8);
        String unlucky = admitted.get(7).getMetadata().getName();

        // The same first pass on a twin sweep (trial ids are the grid points' hashes, so the
        // twin's Job names differ only in the prefix), with one create failing.
        wide("twin");
        String unluckyTwin = "twin-" + unlucky.substring("wide-".length());
        TestingJobGateway fresh = new TestingJobGateway().withLatency(10);
        fresh.failOn(unluckyTwin);
        TestingEventRecorder freshEvents = new TestingEventRecorder();
        reconciler = cappedAt25(fresh, freshEvents);
        SparseSweep before = cluster.sweep("twin");
        assertThatThrownBy(() -> reconciler.reconcile(before, List.of(), 0))
                .as("the failure is surfaced, so JOSDK retries")
                .hasMessageContaining(unluckyTwin);
        assertThat(fresh.jobs()).hasSize(24);
        assertThat(freshEvents.reasons())
                .as("one TrialStarted per Job created, none for the failed one")
                .filteredOn("TrialStarted"::equals)
                .hasSize(24);
        assertThat(freshEvents.events()).noneMatch(e -> e.contains(unluckyTwin));
        SparseSweep after = cluster.sweep("twin");
        assertThat(after.getStatus()).as("status written despite the failure").isNotNull();
        assertThat(after.getStatus().getTrialCounts().getRunning())
                .as("all 25 launched attempts recorded")
                .isEqualTo(25);
        assertThat(after.getStatus().getTrialCounts().getPending()).isEqualTo(15);

        // The next pass makes the missing Job under the same name and nothing else.
        fresh.heal();
        reconciler.reconcile(cluster.sweep("twin"), fresh.jobsOf("research", "twin"), 0);
        assertThat(fresh.jobs())
                .hasSize(25)
                .extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(
                        admitted.stream()
                                .map(j -> "twin-" + j.getMetadata().getName().substring(5))
                                .toList());
        assertThat(fresh.createCalls()).as("25 + the one retried").isEqualTo(26);
        assertThat(cluster.sweep("twin").getStatus().getTrialCounts().getRunning()).isEqualTo(25);
    }

    @Test
    void cachedJobsKeepEverythingButManagedFields() {
        Job job =
                new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
                        .withNewMetadata()
                        .withName("s-t0-a1")
                        .withNamespace("research")
                        .withResourceVersion("42")
                        .addToLabels(SweepNames.LABEL_SWEEP, "s")
                        .addNewOwnerReference()
                        .withUid("u1")
                        .withController(true)
                        .endOwnerReference()
                        .addNewManagedField()
                        .withManager("sparsesweep")
                        .withNewFieldsV1()
                        .addToAdditionalProperties("f:metadata", java.util.Map.of("f:labels", 1))
                        .endFieldsV1()
                        .endManagedField()
                        .endMetadata()
                        .withNewStatus()
                        .withSucceeded(1)
                        .endStatus()
                        .build();

        Job cached = WorkloadInformers.withoutManagedFields(job);

        assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(cached.getMetadata().getName()).isEqualTo("s-t0-a1");
        assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(cached.getMetadata().getLabels()).containsEntry(SweepNames.LABEL_SWEEP, "s");
        assertThat(cached.getMetadata().getOwnerReferences()).hasSize(1);
        assertThat(cached.getStatus().getSucceeded()).isEqualTo(1);
    }
}
