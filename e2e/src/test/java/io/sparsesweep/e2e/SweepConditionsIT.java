package io.sparsesweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sweep's conditions as tools outside the operator read them, on the real control plane: {@code
 * kubectl wait --for=condition=Complete} returns for a sweep that completes and {@code
 * --for=condition=Failed} for one that fails (and neither for the other), every condition carries
 * the {@code observedGeneration} of the spec it was set for (and follows an edit), and the chart's
 * Argo CD health script (run by LuaJ) reads each live object as Argo CD would: Progressing,
 * Suspended, Healthy, Degraded. The objects it judged are written to {@code target/argocd-objects/}
 * (the health script's test data is taken from such a run).
 */
@ExtendWith(TestbedExtension.class)
class SweepConditionsIT {
    private static final String NS = "e2e-conditions";
    private static final KnownLaw LAW = KnownLaw.vit();
    private static final Path OBJECTS = Path.of("target/argocd-objects");

    private static Testbed testbed;
    private static KubernetesClient client;
    private static InJvmOperator operator;
    private static SimulatedTrainer trainers;
    private static ArgoHealth health;

    /**
     * Two trials of the known law; fitting off, so the sweep completes with its trials. The batch
     * size keeps the law's simulated losses inside the protocol's valid range (0, 100], as in
     * SweepEndToEndIT: with the trainer's default batch the law predicts losses above 100, which
     * the strict result reader refuses, so the sweep would never complete.
     */
    private static String sweep(String name, String extraSpec) {
        return """
                apiVersion: sparsesweep.io/v1alpha1
                kind: SparseSweep
                metadata: {name: %s, namespace: %s}
                spec:
                  task: vit
                  dataset: jft-sim
                  model: {sizes: [{name: s, width: 256, depth: 6, heads: 4}]}
                  grid: {sparsities: [0.0, 0.5], steps: [1000]}
                  training: {batchSize: 65536}
                  trainer:
                    image: example.invalid/sparsesweep-runner:sim
                    accelerator: {resource: nvidia.com/gpu, count: 1}
                  failurePolicy: {maxFailedTrials: 0, retriesPerTrial: 0}
                  fitting: {enabled: false}
                %s
                """
                .formatted(name, NS, extraSpec);
    }

    @BeforeAll
    static void setUp(Testbed bed) throws Exception {
        testbed = bed;
        if (!ChartInstall.chartPresent()) {
            String line = "SKIPPED-TESTBED: no Helm chart at " + ChartInstall.chartDir();
            System.out.println(line);
            Assumptions.abort(line);
        }
        client = bed.newClient();
        health = ArgoHealth.load(ArgoHealth.sparseSweepScript());
        ChartInstall chart =
                ChartInstall.install(
                        client,
                        Map.of(
                                "workloadServiceAccounts",
                                Map.of("sweepNamespaces", List.of(NS)),
                                // the chart's layer of pod-template controls (aPodTemplate...)
                                "sweeps",
                                Map.of(
                                        "podTemplate",
                                        Map.of("labels", Map.of("cost-center", "4711")))));
        // Trials of the sweep named "fails" exit 1, those of "runs" never finish; the others
        // report the known law's loss.
        SimulatedTrainer.Policy succeed = SweepPods.trainer(LAW, p -> false);
        trainers =
                SimulatedTrainer.start(
                        client,
                        NS,
                        SweepPods.ROLE + "=trial",
                        (Pod pod) ->
                                switch (pod.getMetadata().getLabels().get("sparsesweep.io/sweep")) {
                                    case "fails" ->
                                            Optional.of(
                                                    SimulatedTrainer.Verdict.fail(1, null, 200));
                                    case "runs" -> Optional.empty();
                                    default -> succeed.decide(pod);
                                });
        operator = InJvmOperator.start(bed, chart);
        Files.createDirectories(OBJECTS);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (operator != null) {
            operator.close();
        }
        if (trainers != null) {
            trainers.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private static Kubectl.Result kubectl(String... args) {
        return testbed.kubectl().run(null, Duration.ofMinutes(3), args);
    }

    private static void apply(String manifest) {
        Kubectl.Result r =
                testbed.kubectl().run(manifest, Duration.ofMinutes(1), "apply", "-f", "-");
        assertThat(r.ok()).as(r.stderr()).isTrue();
    }

    private static GenericKubernetesResource get(String name) {
        return client.genericKubernetesResources("sparsesweep.io/v1alpha1", "SparseSweep")
                .inNamespace(NS)
                .withName(name)
                .get();
    }

    /** The live object as Argo CD receives it (plain JSON), saved under target/ for reference. */
    @SuppressWarnings("unchecked")
    private static ArgoHealth.Verdict judge(String name, String label) throws Exception {
        GenericKubernetesResource live = get(name);
        live.getMetadata().setManagedFields(null);
        Map<String, Object> json = Serialization.unmarshal(Serialization.asJson(live), Map.class);
        Files.writeString(OBJECTS.resolve(label + ".yaml"), Serialization.asYaml(live));
        ArgoHealth.Verdict v = health.evaluate(json);
        System.out.printf("argocd health of %s (%s): %s%n", name, label, v);
        return v;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> conditions(GenericKubernetesResource r) {
        Map<String, Object> status =
                (Map<String, Object>) r.getAdditionalProperties().get("status");
        return status == null
                ? List.of()
                : (List<Map<String, Object>>) status.getOrDefault("conditions", List.of());
    }

    private static void assertEveryConditionObserved(String name) {
        GenericKubernetesResource r = get(name);
        long generation = r.getMetadata().getGeneration();
        assertThat(conditions(r))
                .as("conditions of %s", name)
                .isNotEmpty()
                .allSatisfy(
                        c ->
                                assertThat(((Number) c.get("observedGeneration")).longValue())
                                        .as("observedGeneration of condition %s", c.get("type"))
                                        .isEqualTo(generation));
    }

    @Test
    void kubectlWaitForCompleteReturnsAndArgoCdSeesHealthy() throws Exception {
        apply(sweep("completes", ""));
        Kubectl.Result waited =
                kubectl(
                        "wait",
                        "-n",
                        NS,
                        "--for=condition=Complete",
                        "ssw/completes",
                        "--timeout=180s");
        assertThat(waited.ok()).as(waited.stderr()).isTrue();
        assertThat(waited.stdout()).contains("condition met");
        assertEveryConditionObserved("completes");
        assertThat(judge("completes", "complete").status()).isEqualTo("Healthy");

        Kubectl.Result notFailed =
                kubectl(
                        "wait",
                        "-n",
                        NS,
                        "--for=condition=Failed",
                        "ssw/completes",
                        "--timeout=3s");
        assertThat(notFailed.ok()).as("a complete sweep never meets Failed").isFalse();

        // An edit of a mutable field: generation 2, and every condition follows it.
        Kubectl.Result patched =
                kubectl(
                        "patch",
                        "-n",
                        NS,
                        "ssw/completes",
                        "--type=merge",
                        "-p",
                        "{\"spec\":{\"parallelism\":3}}");
        assertThat(patched.ok()).as(patched.stderr()).isTrue();
        Await.until(
                Duration.ofMinutes(1),
                "conditions at generation 2",
                () ->
                        conditions(get("completes")).stream()
                                .allMatch(
                                        c ->
                                                ((Number) c.get("observedGeneration")).longValue()
                                                        == 2),
                () -> String.valueOf(conditions(get("completes"))));
        assertEveryConditionObserved("completes");
        assertThat(judge("completes", "complete-generation-2").status()).isEqualTo("Healthy");
    }

    @Test
    void kubectlWaitForFailedReturnsAndArgoCdSeesDegraded() throws Exception {
        apply(sweep("fails", ""));
        Kubectl.Result waited =
                kubectl("wait", "-n", NS, "--for=condition=Failed", "ssw/fails", "--timeout=180s");
        assertThat(waited.ok()).as(waited.stderr()).isTrue();
        assertThat(waited.stdout()).contains("condition met");
        assertEveryConditionObserved("fails");
        ArgoHealth.Verdict v = judge("fails", "failed");
        assertThat(v.status()).isEqualTo("Degraded");
        assertThat(v.message()).contains("TooManyFailedTrials");

        Kubectl.Result notComplete =
                kubectl("wait", "-n", NS, "--for=condition=Complete", "ssw/fails", "--timeout=3s");
        assertThat(notComplete.ok()).as("a failed sweep never meets Complete").isFalse();
    }

    /**
     * spec.podTemplate reaches the real trial Jobs and pods, merged over the chart's layer: the
     * labels and a Kueue topology annotation on Job and pod, the PriorityClass resolved by the API
     * server's Priority admission (the pod gets its value), the pull Secret and the affinity.
     */
    @Test
    void aPodTemplateReachesTheTrialJobsAndPods() throws Exception {
        client.resource(
                        new PriorityClassBuilder()
                                .withNewMetadata()
                                .withName("e2e-research-low")
                                .endMetadata()
                                .withValue(1234)
                                .build())
                .serverSideApply();
        apply(
                sweep(
                        "labelled",
                        """
                          podTemplate:
                            labels: {team: vision}
                            annotations: {kueue.x-k8s.io/podset-required-topology: cloud.google.com/gke-nodepool}
                            priorityClassName: e2e-research-low
                            imagePullSecrets: [{name: registry-creds}]
                            affinity:
                              nodeAffinity:
                                preferredDuringSchedulingIgnoredDuringExecution:
                                - weight: 10
                                  preference: {matchExpressions: [{key: pool, operator: In, values: [spot]}]}
                        """));
        Await.until(
                Duration.ofMinutes(2),
                "trial pods of 'labelled'",
                () -> trialPods("labelled").size() >= 2,
                () -> String.valueOf(get("labelled").getAdditionalProperties().get("status")));
        List<Job> jobs =
                client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(NS)
                        .withLabel("sparsesweep.io/sweep", "labelled")
                        .list()
                        .getItems();
        assertThat(jobs)
                .hasSize(2)
                .allSatisfy(
                        j -> {
                            assertThat(j.getMetadata().getLabels())
                                    .containsEntry("team", "vision")
                                    .containsEntry("cost-center", "4711")
                                    .containsEntry("sparsesweep.io/role", "trial");
                            assertThat(j.getSpec().getTemplate().getMetadata().getAnnotations())
                                    .containsEntry(
                                            "kueue.x-k8s.io/podset-required-topology",
                                            "cloud.google.com/gke-nodepool");
                        });
        assertThat(trialPods("labelled"))
                .allSatisfy(
                        pod -> {
                            assertThat(pod.getMetadata().getLabels())
                                    .containsEntry("team", "vision")
                                    .containsEntry("cost-center", "4711");
                            assertThat(pod.getSpec().getPriorityClassName())
                                    .isEqualTo("e2e-research-low");
                            assertThat(pod.getSpec().getPriority())
                                    .as("resolved by the API server's Priority admission")
                                    .isEqualTo(1234);
                            assertThat(pod.getSpec().getImagePullSecrets())
                                    .extracting(r -> r.getName())
                                    .containsExactly("registry-creds");
                            assertThat(pod.getSpec().getAffinity().getNodeAffinity()).isNotNull();
                        });
        client.genericKubernetesResources("sparsesweep.io/v1alpha1", "SparseSweep")
                .inNamespace(NS)
                .withName("labelled")
                .delete();
    }

    private static List<Pod> trialPods(String sweep) {
        return client.pods()
                .inNamespace(NS)
                .withLabel("sparsesweep.io/sweep", sweep)
                .list()
                .getItems();
    }

    @Test
    void aRunningSweepIsProgressing() throws Exception {
        apply(sweep("runs", ""));
        Await.until(
                Duration.ofMinutes(2),
                "both trials of 'runs' running",
                () -> "2/0".equals(runningOverDone(get("runs"))),
                () -> String.valueOf(get("runs").getAdditionalProperties().get("status")));
        assertEveryConditionObserved("runs");
        ArgoHealth.Verdict v = judge("runs", "running");
        assertThat(v.status()).isEqualTo("Progressing");
        assertThat(v.message()).startsWith("TrialsRunning: ");
    }

    @Test
    void aSuspendedSweepIsSuspendedUntilResumedThenHealthy() throws Exception {
        apply(sweep("paused", "  suspend: true\n"));
        Kubectl.Result waited =
                kubectl(
                        "wait",
                        "-n",
                        NS,
                        "--for=condition=Suspended",
                        "ssw/paused",
                        "--timeout=120s");
        assertThat(waited.ok()).as(waited.stderr()).isTrue();
        assertEveryConditionObserved("paused");
        assertThat(judge("paused", "suspended").status()).isEqualTo("Suspended");

        Kubectl.Result resumed =
                kubectl(
                        "patch",
                        "-n",
                        NS,
                        "ssw/paused",
                        "--type=merge",
                        "-p",
                        "{\"spec\":{\"suspend\":false}}");
        assertThat(resumed.ok()).as(resumed.stderr()).isTrue();
        Kubectl.Result waitedComplete =
                kubectl(
                        "wait",
                        "-n",
                        NS,
                        "--for=condition=Complete",
                        "ssw/paused",
                        "--timeout=180s");
        assertThat(waitedComplete.ok()).as(waitedComplete.stderr()).isTrue();
        assertEveryConditionObserved("paused");
        assertThat(judge("paused", "resumed-complete").status()).isEqualTo("Healthy");
    }

    @Test
    void anInvalidSpecIsDegraded() throws Exception {
        // Admission takes it; the operator's checks do not: a nonzero sparsity needs unstructured.
        apply(
                sweep("invalid", "")
                        .replace(
                                "grid: {sparsities: [0.0, 0.5], steps: [1000]}",
                                "grid: {sparsities: [0.0, 0.5], patterns: [\"2:4\"], steps: [1000]}"));
        Kubectl.Result waited =
                kubectl(
                        "wait",
                        "-n",
                        NS,
                        "--for=condition=Ready=false",
                        "ssw/invalid",
                        "--timeout=120s");
        assertThat(waited.ok()).as(waited.stderr()).isTrue();
        assertEveryConditionObserved("invalid");
        ArgoHealth.Verdict v = judge("invalid", "invalid");
        assertThat(v.status()).isEqualTo("Degraded");
        assertThat(v.message()).contains("InvalidSpec").contains("spec.grid");
    }

    /** "running/terminal" from status.trialCounts, or "" before the operator counted. */
    @SuppressWarnings("unchecked")
    private static String runningOverDone(GenericKubernetesResource r) {
        Map<String, Object> status =
                (Map<String, Object>) r.getAdditionalProperties().get("status");
        if (status == null || !(status.get("trialCounts") instanceof Map<?, ?> counts)) {
            return "";
        }
        int total = ((Number) counts.get("total")).intValue();
        int running = ((Number) counts.get("running")).intValue();
        int pending = ((Number) counts.get("pending")).intValue();
        return running + "/" + (total - running - pending);
    }
}
