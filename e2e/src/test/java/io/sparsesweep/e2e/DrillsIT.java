package io.sparsesweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Operational drills against the real control plane, with the operator as its own process ({@code
 * ./sparsesweep operator}): (a) SIGKILL at 20 random moments of a 200-trial sweep, (b) 20 % of
 * trial pods preempted, (c) the API server restarted mid-sweep. Each must end Complete with every
 * result exactly once and no trial counted failed. Figures are printed as {@code DRILL-...} lines
 * (BENCHMARKS.md quotes them).
 */
@ExtendWith(TestbedExtension.class)
class DrillsIT {
    private static final String NS_KILL = "drill-kill";
    private static final String NS_PREEMPT = "drill-preempt";
    private static final String NS_APISERVER = "drill-apiserver";
    private static final KnownLaw LAW = KnownLaw.vit();

    private static Testbed testbed;
    private static KubernetesClient client;
    private static ChartInstall chart;

    @BeforeAll
    static void setUp(Testbed bed) throws Exception {
        testbed = bed;
        if (!ChartInstall.chartPresent()) {
            String line = "SKIPPED-TESTBED: no Helm chart at " + ChartInstall.chartDir();
            System.out.println(line);
            Assumptions.abort(line);
        }
        client = bed.newClient();
        chart =
                ChartInstall.install(
                        client,
                        Map.of(
                                "workloadServiceAccounts",
                                Map.of(
                                        "sweepNamespaces",
                                        List.of(NS_KILL, NS_PREEMPT, NS_APISERVER))));
        OperatorProcess.buildCli();
    }

    @AfterAll
    static void tearDown() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void operatorKilledTwentyTimesDuringA200TrialSweepLosesAndDuplicatesNothing() throws Exception {
        SweepManifest sweep =
                new SweepManifest(
                        NS_KILL,
                        "kill-drill",
                        new int[] {128, 192, 256, 320, 384},
                        new double[] {0.0, 0.25, 0.5, 0.75, 0.875},
                        new long[] {1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000},
                        // Trials finish at up to parallelism / 2.4 s (trials take 1.6-3.2 s), kills
                        // come every ~3.5 s: at 16 a fast operator finished all 200 after 17
                        // kills, at 6 after ~23; at 4 about 120 are done at the 20th kill.
                        4,
                        0);
        assertThat(sweep.trials()).isEqualTo(200);
        try (SimulatedTrainer trainers =
                        SimulatedTrainer.start(
                                client,
                                NS_KILL,
                                SweepPods.ROLE + "=trial",
                                SweepPods.trainer(LAW, p -> false, 1600, 3200));
                SimulatedTrainer fitters = fitters(NS_KILL);
                SweepProbe probe = new SweepProbe(client, NS_KILL, sweep.name());
                OperatorProcess operator =
                        OperatorProcess.prepare(
                                testbed, client, chart, "operator-kill-drill", NS_KILL)) {
            // The Jobs that existed when the running operator process started: what it created
            // itself is the rest.
            Set<String> atStart = probe.jobNames();
            operator.start();
            long t0 = System.nanoTime();
            apply(sweep);
            Random moments = new Random(20261127L);
            int kills = 0;
            int inWindow = 0;
            while (kills < 20 && probe.count("succeeded") < sweep.trials()) {
                operator.awaitStarted(Duration.ofMinutes(2));
                if (kills % 2 == 0) {
                    Thread.sleep(300 + moments.nextInt(2700)); // a random moment of its work
                    operator.kill();
                } else {
                    // The dangerous moment: a trial Job just created, the status that records it
                    // not yet written. Kill on the watch event of the next new Job.
                    java.util.concurrent.CountDownLatch fired =
                            new java.util.concurrent.CountDownLatch(1);
                    probe.onNextNewJob(
                            () -> {
                                operator.killNow();
                                fired.countDown();
                            });
                    if (!fired.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        probe.onNextNewJob(null);
                        operator.kill();
                    }
                    operator.awaitDead();
                    List<String> unrecorded = probe.jobsNotInStatus(atStart);
                    // Left unrecorded by earlier processes (adopted, not re-created, when one
                    // lives long enough to write the status): context for the line below.
                    int earlier = probe.jobsNotInStatus(Set.of()).size() - unrecorded.size();
                    if (!unrecorded.isEmpty()) {
                        inWindow++;
                        System.out.println(
                                "DRILL-KILL: kill "
                                        + (kills + 1)
                                        + " landed after creating "
                                        + unrecorded
                                        + " and before its status write recorded them ("
                                        + earlier
                                        + " Jobs of earlier processes also unrecorded, "
                                        + probe.count("succeeded")
                                        + " trials succeeded in the status)");
                    }
                }
                kills++;
                atStart = probe.jobNames();
                operator.start();
            }
            int doneAtLastKill = probe.count("succeeded");
            assertThat(kills)
                    .as("kills before the sweep finished (sweep too short?)")
                    .isEqualTo(20);
            System.out.printf(
                    "DRILL-KILL: %d of %d kills landed between a Job's creation and its status"
                            + " write%n",
                    inWindow, kills);
            // The drill must have tried the dangerous moment at least once, or its "0 duplicates"
            // proves nothing about it. Every other kill is fired from the watch event of a Job the
            // running process has just created, before its status write can record it, so only a
            // status write faster than one watch event in all ten would miss (none did in any run
            // since the probe counted only the killed process's own Jobs; 10 of 10 on 30 Nov).
            assertThat(inWindow)
                    .as("kills between a Job's creation and the status write that records it")
                    .isPositive();
            awaitComplete(sweep, Duration.ofMinutes(6));
            double seconds = (System.nanoTime() - t0) / 1e9;

            assertThat(probe.duplicatedTrials())
                    .as("trials with more than one Job creation (by UID)")
                    .isEmpty();
            assertThat(probe.creations).as("Job creations (UIDs)").hasSize(200);
            assertThat(trainers.count("succeed")).as("trial pods run").isEqualTo(200);
            assertThat(probe.count("succeeded")).isEqualTo(200);
            assertThat(probe.count("failed")).isZero();
            probe.assertResultsExactly(sweep.points(), LAW);
            assertThat(trainers.errors()).isEmpty();
            assertThat(fitters.errors()).isEmpty();
            System.out.printf(
                    "DRILL-KILL: 200 trials, %d SIGKILLs + restarts (%d between a Job's creation"
                            + " and its status write; %d trials done at the last), Complete after"
                            + " %.1f s, 0 duplicate Job creations (by UID), 0 lost results%n",
                    kills, inWindow, doneAtLastKill, seconds);
        }
    }

    @Test
    void preemptedTrialPodsAreRetriedAndNeverCountedFailed() throws Exception {
        SweepManifest sweep =
                new SweepManifest(
                        NS_PREEMPT,
                        "preempt-drill",
                        new int[] {128, 256},
                        new double[] {0.0, 0.5, 0.75, 0.875},
                        new long[] {1000, 2000, 4000, 6000, 8000},
                        40,
                        0);
        assertThat(sweep.trials()).isEqualTo(40);
        int toPreempt = sweep.trials() / 5; // 20 %
        Set<String> preempted = ConcurrentHashMap.newKeySet();
        java.util.function.Predicate<Pod> firstAttemptOfSome =
                pod -> {
                    String trial = pod.getMetadata().getLabels().get("sparsesweep.io/trial");
                    synchronized (preempted) {
                        if (preempted.contains(trial) || preempted.size() >= toPreempt) {
                            return false;
                        }
                        preempted.add(trial);
                        return true;
                    }
                };
        try (SimulatedTrainer trainers =
                        SimulatedTrainer.start(
                                client,
                                NS_PREEMPT,
                                SweepPods.ROLE + "=trial",
                                SweepPods.trainer(LAW, firstAttemptOfSome, 300, 900));
                SimulatedTrainer fitters = fitters(NS_PREEMPT);
                SweepProbe probe = new SweepProbe(client, NS_PREEMPT, sweep.name());
                OperatorProcess operator =
                        OperatorProcess.prepare(
                                testbed, client, chart, "operator-preempt-drill", NS_PREEMPT)) {
            operator.start();
            long t0 = System.nanoTime();
            apply(sweep);
            awaitComplete(sweep, Duration.ofMinutes(4));
            double seconds = (System.nanoTime() - t0) / 1e9;

            assertThat(trainers.count("preempt")).isEqualTo(toPreempt);
            assertThat(trainers.count("succeed")).isEqualTo(sweep.trials());
            assertThat(probe.count("failed")).as("trials counted failed").isZero();
            assertThat(probe.count("succeeded")).isEqualTo(sweep.trials());
            assertThat(probe.duplicatedTrials()).isEmpty();
            assertThat(probe.creations).as("Job creations (UIDs)").hasSize(sweep.trials());
            probe.assertResultsExactly(sweep.points(), LAW);
            assertThat(trainers.errors()).isEmpty();
            assertThat(fitters.errors()).isEmpty();
            System.out.printf(
                    "DRILL-PREEMPT: %d trials, %d preempted (%d%%), 0 counted failed, Complete after %.1f s%n",
                    sweep.trials(), toPreempt, 100 * toPreempt / sweep.trials(), seconds);
        }
    }

    @Test
    void apiServerRestartMidSweepIsRecoveredFrom() throws Exception {
        SweepManifest sweep =
                new SweepManifest(
                        NS_APISERVER,
                        "apiserver-drill",
                        new int[] {128, 256},
                        new double[] {0.0, 0.5, 0.75, 0.875},
                        new long[] {1000, 2000, 4000, 6000, 8000},
                        10,
                        0);
        try (SimulatedTrainer trainers =
                        SimulatedTrainer.start(
                                client,
                                NS_APISERVER,
                                SweepPods.ROLE + "=trial",
                                SweepPods.trainer(LAW, p -> false, 800, 1500));
                SimulatedTrainer fitters = fitters(NS_APISERVER);
                SweepProbe probe = new SweepProbe(client, NS_APISERVER, sweep.name());
                OperatorProcess operator =
                        OperatorProcess.prepare(
                                testbed, client, chart, "operator-apiserver-drill", NS_APISERVER)) {
            operator.start();
            long t0 = System.nanoTime();
            apply(sweep);
            Await.until(
                    Duration.ofMinutes(3),
                    "a quarter of the trials done",
                    () -> probe.count("succeeded") >= sweep.trials() / 4,
                    () -> String.valueOf(probe.status()));
            int before = probe.count("succeeded");
            long r0 = System.nanoTime();
            testbed.restart("kube-apiserver", Duration.ofSeconds(5));
            double downSeconds = (System.nanoTime() - r0) / 1e9;
            awaitComplete(sweep, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - t0) / 1e9;

            assertThat(probe.count("succeeded")).isEqualTo(sweep.trials());
            assertThat(probe.count("failed")).isZero();
            assertThat(probe.duplicatedTrials()).isEmpty();
            assertThat(probe.creations).as("Job creations (UIDs)").hasSize(sweep.trials());
            assertThat(trainers.count("succeed"))
                    .as("trial pods run: none ran twice across the restart")
                    .isEqualTo(sweep.trials());
            probe.assertResultsExactly(sweep.points(), LAW);
            assertThat(trainers.errors()).isEmpty();
            assertThat(fitters.errors()).isEmpty();
            System.out.printf(
                    "DRILL-APISERVER: %d trials, API server down %.1f s after %d results, Complete after %.1f s, 0 lost, 0 duplicated%n",
                    sweep.trials(), downSeconds, before, seconds);
        }
    }

    // --- helpers

    private static SimulatedTrainer fitters(String ns) throws Exception {
        return SimulatedTrainer.start(
                client,
                ns,
                SweepPods.ROLE + "=fit",
                SweepPods.fitting(testbed, client, Crds.repoDir(), true));
    }

    private static void apply(SweepManifest sweep) {
        Kubectl.Result r =
                testbed.kubectl().run(sweep.yaml(), Duration.ofMinutes(1), "apply", "-f", "-");
        assertThat(r.ok()).as(r.stderr()).isTrue();
    }

    private static void awaitComplete(SweepManifest sweep, Duration timeout) {
        Kubectl.Result r =
                testbed.kubectl()
                        .run(
                                null,
                                timeout.plusSeconds(30),
                                "wait",
                                "--for=condition=Complete",
                                "ssw/" + sweep.name(),
                                "-n",
                                sweep.namespace(),
                                "--timeout=" + timeout.toSeconds() + "s");
        if (!r.ok()) { // say why: the sweep's status and the pods that never finished
            Kubectl.Result pods =
                    testbed.kubectl()
                            .run(
                                    null,
                                    Duration.ofMinutes(1),
                                    "get",
                                    "pods,jobs,ssw",
                                    "-n",
                                    sweep.namespace(),
                                    "-o",
                                    "wide");
            Kubectl.Result status =
                    testbed.kubectl()
                            .run(
                                    null,
                                    Duration.ofMinutes(1),
                                    "get",
                                    "ssw/" + sweep.name(),
                                    "-n",
                                    sweep.namespace(),
                                    "-o",
                                    "jsonpath={.status.conditions}");
            System.out.println("not Complete:\n" + pods.stdout() + "\n" + status.stdout());
        }
        assertThat(r.ok()).as("kubectl wait Complete: " + r.stderr()).isTrue();
    }
}
