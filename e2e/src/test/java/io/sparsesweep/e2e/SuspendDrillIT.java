package io.sparsesweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Suspend that suspends, on the real control plane (real Job controller, scheduler, kwok pods): a
 * sweep's trials are running when {@code spec.suspend} turns true; the operator suspends their
 * Jobs, the Job controller deletes their pods (a real trainer gets SIGTERM there, checkpoints and
 * exits 75), nothing is counted as failed; on unsuspend the same Jobs (same attempt) start new
 * pods, which finish, and the sweep completes with every trial on its first attempt.
 */
@ExtendWith(TestbedExtension.class)
class SuspendDrillIT {
    private static final String NS = "e2e-suspend";
    private static final String NAME = "pause-law";
    private static final KnownLaw LAW = KnownLaw.vit();

    private static final String SWEEP =
            """
            apiVersion: sparsesweep.io/v1alpha1
            kind: SparseSweep
            metadata:
              name: pause-law
              namespace: e2e-suspend
            spec:
              task: vit
              dataset: jft-sim
              model:
                sizes: [{name: s, width: 256, depth: 6, heads: 4}]
              grid:
                sparsities: [0.0, 0.5, 0.75]
                steps: [2000, 8000]
              training:
                batchSize: 65536
              trainer:
                image: example.invalid/sparsesweep-runner:sim
              parallelism: 4
              fitting: {enabled: false}
            """;

    private static Testbed testbed;
    private static KubernetesClient client;
    private static InJvmOperator operator;
    private static SimulatedTrainer trainers;

    /** Until the sweep is resumed, trainers keep running (they would train for hours). */
    private static final AtomicBoolean RESUMED = new AtomicBoolean();

    @BeforeAll
    static void setUp(Testbed bed) throws Exception {
        testbed = bed;
        if (!ChartInstall.chartPresent()) {
            String line = "SKIPPED-TESTBED: no Helm chart at " + ChartInstall.chartDir();
            System.out.println(line);
            Assumptions.abort(line);
        }
        client = bed.newClient();
        ChartInstall chart =
                ChartInstall.install(
                        client,
                        Map.of("workloadServiceAccounts", Map.of("sweepNamespaces", List.of(NS))));
        SimulatedTrainer.Policy finish = SweepPods.trainer(LAW, p -> false, 200, 600);
        trainers =
                SimulatedTrainer.start(
                        client,
                        NS,
                        SweepPods.ROLE + "=trial",
                        pod -> RESUMED.get() ? finish.decide(pod) : Optional.empty());
        operator = InJvmOperator.start(bed, chart);
    }

    @AfterAll
    static void tearDown() {
        for (AutoCloseable c : new AutoCloseable[] {operator, trainers}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the control plane stops with the JVM anyway
                }
            }
        }
        if (client != null) {
            client.close();
        }
    }

    private static List<Job> trialJobs() {
        return client.batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withLabel("sparsesweep.io/sweep", NAME)
                .withLabel(SweepPods.ROLE, "trial")
                .list()
                .getItems();
    }

    private static List<Pod> trialPods() {
        return client.pods()
                .inNamespace(NS)
                .withLabel("sparsesweep.io/sweep", NAME)
                .withLabel(SweepPods.ROLE, "trial")
                .list()
                .getItems();
    }

    private static void setSuspend(boolean suspend) {
        client.genericKubernetesResources("sparsesweep.io/v1alpha1", "SparseSweep")
                .inNamespace(NS)
                .withName(NAME)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"suspend\":" + suspend + "}}");
    }

    private static boolean suspendedCondition(Job j) {
        return j.getStatus() != null
                && j.getStatus().getConditions() != null
                && j.getStatus().getConditions().stream()
                        .anyMatch(
                                c ->
                                        "Suspended".equals(c.getType())
                                                && "True".equals(c.getStatus()));
    }

    @Test
    void suspendStopsRunningTrialsAndResumeFinishesThemWithoutAFailure() throws Exception {
        long t0 = System.nanoTime();
        Kubectl.Result applied =
                testbed.kubectl().run(SWEEP, Duration.ofMinutes(1), "apply", "-f", "-");
        assertThat(applied.ok()).as(applied.stderr()).isTrue();
        try (SweepProbe probe = new SweepProbe(client, NS, NAME)) {
            Await.until(
                    Duration.ofMinutes(3),
                    "4 trial pods running",
                    () ->
                            trialPods().stream()
                                            .filter(p -> "Running".equals(p.getStatus().getPhase()))
                                            .count()
                                    == 4,
                    () -> probe.status().toString());
            List<String> before = trialJobs().stream().map(j -> j.getMetadata().getName()).toList();

            long s0 = System.nanoTime();
            setSuspend(true);
            Await.until(
                    Duration.ofMinutes(2),
                    "every trial Job suspended and its pods gone",
                    () ->
                            trialJobs().stream()
                                            .allMatch(
                                                    j ->
                                                            Boolean.TRUE.equals(
                                                                            j.getSpec()
                                                                                    .getSuspend())
                                                                    && suspendedCondition(j))
                                    && trialPods().isEmpty(),
                    () ->
                            trialJobs().stream()
                                    .map(j -> j.getMetadata().getName() + " " + j.getStatus())
                                    .toList()
                                    .toString());
            double suspendSeconds = (System.nanoTime() - s0) / 1e9;
            // The pass that suspends the Jobs writes the phase at its end; the Job controller may
            // remove the pods before that write lands (seen twice at load 38), so wait for it.
            Await.until(
                    Duration.ofSeconds(30),
                    "phase Suspended",
                    () -> "Suspended".equals(probe.phase()),
                    () -> probe.status().toString());
            assertThat(probe.count("failed")).isZero();
            assertThat(probe.count("running")).isEqualTo(4);
            assertThat(probe.count("pending")).isEqualTo(2);
            // nothing new starts while suspended
            Thread.sleep(2000);
            assertThat(trialJobs())
                    .extracting(j -> j.getMetadata().getName())
                    .containsExactlyInAnyOrderElementsOf(before);
            assertThat(trialPods()).isEmpty();

            RESUMED.set(true);
            setSuspend(false);
            Await.until(
                    Duration.ofMinutes(3),
                    "6 succeeded trials",
                    () -> probe.count("succeeded") == 6 && "Complete".equals(probe.phase()),
                    () -> probe.status().toString());
            assertThat(probe.count("failed")).isZero();
            assertThat(probe.duplicatedTrials()).isEmpty();
            assertThat(probe.jobs.keySet()).allMatch(n -> n.endsWith("-a1"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> trials =
                    (List<Map<String, Object>>) probe.status().get("trials");
            assertThat(trials).allSatisfy(t -> assertThat(t).containsEntry("attempts", 1));
            assertThat(trainers.errors()).isEmpty();
            System.out.printf(
                    "SUSPEND-DRILL: 6 trials, 4 suspended in %.1f s, 0 failed, Complete after %.1f s%n",
                    suspendSeconds, (System.nanoTime() - t0) / 1e9);
        }
    }
}
