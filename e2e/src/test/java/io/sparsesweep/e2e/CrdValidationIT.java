package io.sparsesweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SparseSweep CRD (committed under {@code crds/}) as the real API server enforces it: the
 * structural schema, its bounds and enums, CEL rules, immutability, the status subresource, and the
 * printer columns through the real kubectl. Every rejected manifest must come back with a message
 * that names the offending field.
 */
@ExtendWith(TestbedExtension.class)
class CrdValidationIT {
    private static final String NS = "crd-validation-it";
    private static final String VALID =
            """
            apiVersion: sparsesweep.io/v1alpha1
            kind: SparseSweep
            metadata:
              name: valid
              namespace: crd-validation-it
            spec:
              task: lm
              dataset: c4
              model:
                sizes:
                - {name: s, depth: 2, heads: 2, width: 64}
                - {name: m, depth: 4, heads: 4, width: 128}
              grid:
                sparsities: [0.0, 0.5, 0.75]
                patterns: [unstructured, "2:4"]
                steps: [1000, 2000]
              trainer:
                image: example.invalid/trainer:1
                accelerator: {resource: nvidia.com/gpu, count: 1}
              parallelism: 4
            """;

    private static KubernetesClient client;
    private static Testbed testbed;
    private static Manifest valid;

    @BeforeAll
    static void setUp(Testbed bed) throws Exception {
        testbed = bed;
        client = bed.newClient();
        Crds.install(client);
        client.namespaces()
                .resource(
                        new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .serverSideApply();
        valid = Manifest.parse(VALID);
    }

    @AfterAll
    static void tearDown() throws Exception {
        BadInputRows.write("admission");
        if (client != null) {
            client.namespaces().withName(NS).delete();
            client.close();
        }
    }

    private static MixedOperation<
                    GenericKubernetesResource,
                    GenericKubernetesResourceList,
                    Resource<GenericKubernetesResource>>
            sweeps() {
        return client.genericKubernetesResources("sparsesweep.io/v1alpha1", "SparseSweep");
    }

    @Test
    void theValidManifestIsAccepted() {
        GenericKubernetesResource created =
                sweeps().inNamespace(NS).resource(valid.toResource()).dryRun().create();
        // defaults from the schema are filled in by the API server
        assertThat(created.getAdditionalProperties().get("spec").toString())
                .contains("suspend=false")
                .contains("retainTrialJobs=false");
    }

    static Stream<Arguments> invalidManifests() {
        String longName = "x".repeat(51);
        return Stream.of(
                bad("task missing", m -> m.without("spec.task"), "spec.task"),
                bad("task not in enum", m -> m.with("spec.task", "cnn"), "spec.task"),
                bad("dataset missing", m -> m.without("spec.dataset"), "spec.dataset"),
                bad("dataset empty", m -> m.with("spec.dataset", ""), "spec.dataset"),
                bad("dataset bad characters", m -> m.with("spec.dataset", "-c4 x"), "spec.dataset"),
                bad(
                        "dataset too long",
                        m -> m.with("spec.dataset", "d".repeat(254)),
                        "spec.dataset"),
                bad(
                        "datasetVolume with a dataset that is no absolute path",
                        m ->
                                m.with(
                                        "spec.datasetVolume",
                                        Map.of("claimName", "datasets", "path", "fashion-mnist")),
                        "spec.dataset"),
                bad(
                        "datasetVolume path leaving the claim",
                        m ->
                                m.with("spec.dataset", "/data/fashion-mnist")
                                        .with(
                                                "spec.datasetVolume",
                                                Map.of("claimName", "datasets", "path", "../x")),
                        "spec.datasetVolume.path"),
                bad(
                        "datasetVolume without a claim",
                        m ->
                                m.with("spec.dataset", "/data/fashion-mnist")
                                        .with("spec.datasetVolume", Map.of("path", "x")),
                        "spec.datasetVolume.claimName"),
                bad("model missing", m -> m.without("spec.model"), "spec.model"),
                bad(
                        "no model sizes",
                        m -> m.with("spec.model.sizes", List.of()),
                        "spec.model.sizes"),
                bad(
                        "size without name",
                        m -> m.without("spec.model.sizes[0].name"),
                        "spec.model.sizes[0].name"),
                bad(
                        "size name upper case",
                        m -> m.with("spec.model.sizes[0].name", "Small"),
                        "spec.model.sizes[0].name"),
                bad(
                        "depth zero",
                        m -> m.with("spec.model.sizes[0].depth", 0),
                        "spec.model.sizes[0].depth"),
                bad(
                        "width below 8",
                        m -> m.with("spec.model.sizes[0].width", 4),
                        "spec.model.sizes[0].width"),
                bad(
                        "width not divisible by heads",
                        m -> m.with("spec.model.sizes[1].width", 130),
                        "spec.model.sizes[1]"),
                bad(
                        "mlpRatio too large",
                        m -> m.with("spec.model.sizes[0].mlpRatio", 17),
                        "spec.model.sizes[0].mlpRatio"),
                bad(
                        "duplicate size names",
                        m -> m.with("spec.model.sizes[1].name", "s"),
                        "spec.model.sizes"),
                bad("grid missing", m -> m.without("spec.grid"), "spec.grid"),
                bad("steps missing", m -> m.without("spec.grid.steps"), "spec.grid.steps"),
                bad("steps empty", m -> m.with("spec.grid.steps", List.of()), "spec.grid.steps"),
                bad("steps zero", m -> m.with("spec.grid.steps", List.of(0)), "spec.grid.steps"),
                bad(
                        "sparsity one",
                        m -> m.with("spec.grid.sparsities", List.of(0.5, 1.0)),
                        "spec.grid.sparsities"),
                bad(
                        "sparsity negative",
                        m -> m.with("spec.grid.sparsities", List.of(-0.1)),
                        "spec.grid.sparsities"),
                bad(
                        "too many sparsities",
                        m ->
                                m.with(
                                        "spec.grid.sparsities",
                                        Stream.iterate(0.0, s -> s + 0.01).limit(33).toList()),
                        "spec.grid.sparsities"),
                bad(
                        "n:m with n >= m",
                        m -> m.with("spec.grid.patterns", List.of("4:2")),
                        "spec.grid.patterns"),
                bad(
                        "unknown pattern",
                        m -> m.with("spec.grid.patterns", List.of("blocky")),
                        "spec.grid.patterns"),
                bad("trainer missing", m -> m.without("spec.trainer"), "spec.trainer"),
                bad(
                        "trainer image empty",
                        m -> m.with("spec.trainer.image", ""),
                        "spec.trainer.image"),
                bad(
                        "unknown accelerator resource",
                        m -> m.with("spec.trainer.accelerator.resource", "amd.com/gpu"),
                        "spec.trainer.accelerator.resource"),
                bad(
                        "zero accelerators",
                        m -> m.with("spec.trainer.accelerator.count", 0),
                        "spec.trainer.accelerator.count"),
                bad(
                        "65 accelerators",
                        m -> m.with("spec.trainer.accelerator.count", 65),
                        "spec.trainer.accelerator.count"),
                bad(
                        "bad imagePullPolicy",
                        m -> m.with("spec.trainer.imagePullPolicy", "Sometimes"),
                        "spec.trainer.imagePullPolicy"),
                bad(
                        "relative checkpointPath",
                        m -> m.with("spec.trainer.checkpointPath", "ckpt"),
                        "spec.trainer.checkpointPath"),
                bad(
                        "zero activeDeadlineSeconds",
                        m -> m.with("spec.trainer.activeDeadlineSeconds", 0),
                        "spec.trainer.activeDeadlineSeconds"),
                bad("parallelism zero", m -> m.with("spec.parallelism", 0), "spec.parallelism"),
                bad(
                        "parallelism above 1000",
                        m -> m.with("spec.parallelism", 1001),
                        "spec.parallelism"),
                bad(
                        "parallelism not a number",
                        m -> m.with("spec.parallelism", "ten"),
                        "spec.parallelism"),
                bad(
                        "queueName not a DNS label",
                        m -> m.with("spec.queueName", "Team_Queue"),
                        "spec.queueName"),
                bad(
                        "retriesPerTrial above 20",
                        m -> m.with("spec.failurePolicy.retriesPerTrial", 21),
                        "spec.failurePolicy.retriesPerTrial"),
                bad(
                        "negative maxFailedTrials",
                        m -> m.with("spec.failurePolicy.maxFailedTrials", -1),
                        "spec.failurePolicy.maxFailedTrials"),
                bad(
                        "unknown residualSpace",
                        m -> m.with("spec.fitting.residualSpace", "cubic"),
                        "spec.fitting.residualSpace"),
                bad(
                        "zero fit starts",
                        m -> m.with("spec.fitting.starts", 0),
                        "spec.fitting.starts"),
                bad(
                        "unknown optimizer",
                        m -> m.with("spec.training.optimizer", "sgd"),
                        "spec.training.optimizer"),
                bad(
                        "learning rate above 10",
                        m -> m.with("spec.training.learningRate", 11),
                        "spec.training.learningRate"),
                bad(
                        "pruneStart after pruneEnd",
                        m ->
                                m.with("spec.training.pruneStart", 0.8)
                                        .with("spec.training.pruneEnd", 0.5),
                        "pruneStart"),
                bad(
                        "pruneEnd above 1",
                        m -> m.with("spec.training.pruneEnd", 1.5),
                        "spec.training.pruneEnd"),
                bad("name longer than 50", m -> m.with("metadata.name", longName), "metadata.name"),
                bad(
                        "1024 trials (16 steps x 8 seeds x 2 sizes x 4 points)",
                        m ->
                                m.with("spec.grid.steps", range(1, 16))
                                        .with("spec.grid.seeds", range(0, 8)),
                        "spec.grid: expands to more than 1000 trials"),
                bad(
                        "the schema's largest grid (159,744 trials)",
                        TrialBound::largestGrid,
                        "spec.grid: expands to more than 1000 trials"),
                bad(
                        "env entry without a name",
                        m -> m.with("spec.trainer.env", List.of(java.util.Map.of("value", "x"))),
                        "spec.trainer.env[0].name"),
                bad(
                        "env name starting with a digit",
                        m ->
                                m.with(
                                        "spec.trainer.env",
                                        List.of(java.util.Map.of("name", "1X", "value", "x"))),
                        "spec.trainer.env[0].name"),
                bad(
                        "env with value and valueFrom",
                        m ->
                                m.with(
                                        "spec.trainer.env",
                                        List.of(
                                                java.util.Map.of(
                                                        "name",
                                                        "X",
                                                        "value",
                                                        "1",
                                                        "valueFrom",
                                                        java.util.Map.of(
                                                                "fieldRef",
                                                                java.util.Map.of(
                                                                        "fieldPath",
                                                                        "metadata.name"))))),
                        "spec.trainer.env[0]"),
                bad(
                        "quantity \"lots\"",
                        m -> m.with("spec.trainer.resources.requests.cpu", "lots"),
                        "spec.trainer.resources"),
                bad(
                        "17 resource requests",
                        m -> m.with("spec.trainer.resources.requests", seventeenResources()),
                        "spec.trainer.resources.requests"),
                bad(
                        "resource claims",
                        m ->
                                m.with(
                                        "spec.trainer.resources.claims",
                                        List.of(java.util.Map.of("name", "gpu"))),
                        "spec.trainer.resources.claims"),
                bad(
                        "toleration operator Sometimes",
                        m ->
                                m.with(
                                        "spec.trainer.tolerations",
                                        List.of(
                                                java.util.Map.of(
                                                        "key", "gpu", "operator", "Sometimes"))),
                        "spec.trainer.tolerations[0].operator"),
                bad(
                        "toleration effect NoSleep",
                        m ->
                                m.with(
                                        "spec.trainer.tolerations",
                                        List.of(
                                                java.util.Map.of(
                                                        "key",
                                                        "gpu",
                                                        "operator",
                                                        "Exists",
                                                        "effect",
                                                        "NoSleep"))),
                        "spec.trainer.tolerations[0].effect"),
                bad(
                        "toleration without key or Exists",
                        m ->
                                m.with(
                                        "spec.trainer.tolerations",
                                        List.of(java.util.Map.of("value", "x"))),
                        "spec.trainer.tolerations[0]"),
                bad(
                        "ServiceAccount name with capitals",
                        m -> m.with("spec.trainer.serviceAccountName", "Trainer_SA"),
                        "spec.trainer.serviceAccountName"),
                bad(
                        "PVC name with a slash",
                        m -> m.with("spec.trainer.checkpointVolumeClaim", "ckpt/x"),
                        "spec.trainer.checkpointVolumeClaim"),
                bad(
                        "node selector value with a space",
                        m -> m.with("spec.trainer.nodeSelector", java.util.Map.of("pool", "a b")),
                        "spec.trainer.nodeSelector"),
                bad(
                        "image with a space",
                        m -> m.with("spec.trainer.image", "example.invalid/a b:1"),
                        "spec.trainer.image"),
                bad(
                        "pod label the operator owns (sparsesweep.io/sweep)",
                        m ->
                                podTemplate(
                                        m, "labels", java.util.Map.of("sparsesweep.io/sweep", "x")),
                        "spec.podTemplate.labels: sparsesweep.io/sweep is set by the operator"),
                bad(
                        "Kueue queue label in the pod template (spec.queueName sets it)",
                        m ->
                                podTemplate(
                                        m,
                                        "labels",
                                        java.util.Map.of("kueue.x-k8s.io/queue-name", "q")),
                        "spec.podTemplate.labels: kueue.x-k8s.io/queue-name is set by the"
                                + " operator"),
                bad(
                        "pod label value of 64 characters",
                        m -> podTemplate(m, "labels", java.util.Map.of("team", "v".repeat(64))),
                        "spec.podTemplate.labels"),
                bad(
                        "pod label value with a space",
                        m -> podTemplate(m, "labels", java.util.Map.of("team", "a b")),
                        "spec.podTemplate.labels"),
                bad(
                        "33 pod labels",
                        m -> podTemplate(m, "labels", numbered(33)),
                        "spec.podTemplate.labels"),
                bad(
                        "JobSet exclusive-topology annotation (the operator sets it on slices)",
                        m ->
                                podTemplate(
                                        m,
                                        "annotations",
                                        java.util.Map.of(
                                                "alpha.jobset.sigs.k8s.io/exclusive-topology",
                                                "zone")),
                        "spec.podTemplate.annotations:"
                                + " alpha.jobset.sigs.k8s.io/exclusive-topology is set by the"
                                + " operator"),
                bad(
                        "annotation value over 4096 characters",
                        m ->
                                podTemplate(
                                        m,
                                        "annotations",
                                        java.util.Map.of("example.com/note", "n".repeat(4097))),
                        "spec.podTemplate.annotations"),
                bad(
                        "priorityClassName with capitals",
                        m -> podTemplate(m, "priorityClassName", "High_Priority"),
                        "spec.podTemplate.priorityClassName"),
                bad(
                        "image pull Secret without a name",
                        m -> podTemplate(m, "imagePullSecrets", List.of(java.util.Map.of())),
                        "spec.podTemplate.imagePullSecrets[0].name"),
                bad(
                        "image pull Secret name with a slash",
                        m ->
                                podTemplate(
                                        m,
                                        "imagePullSecrets",
                                        List.of(java.util.Map.of("name", "reg/creds"))),
                        "spec.podTemplate.imagePullSecrets[0].name"),
                bad(
                        "affinity weight that is no number",
                        m ->
                                podTemplate(
                                        m,
                                        "affinity",
                                        java.util.Map.of(
                                                "nodeAffinity",
                                                java.util.Map.of(
                                                        "preferredDuringSchedulingIgnoredDuringExecution",
                                                        List.of(
                                                                java.util.Map.of(
                                                                        "weight",
                                                                        "heavy",
                                                                        "preference",
                                                                        java.util.Map.of()))))),
                        "spec.podTemplate.affinity.nodeAffinity"));
    }

    private static Manifest podTemplate(Manifest m, String field, Object value) {
        return m.with("spec.podTemplate", java.util.Map.of(field, value));
    }

    private static java.util.Map<String, Object> numbered(int n) {
        java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            r.put("example.com/l" + i, "v");
        }
        return r;
    }

    /**
     * Every pod-template control at once, as docs/operator.md shows them (a Kueue topology request,
     * a provisioning request, a PriorityClass, a pull Secret, anti-affinity), passes admission: the
     * schema of Kubernetes' Affinity and the reserved-key rules compile and let it through.
     */
    @Test
    void aFullPodTemplateIsAccepted() {
        sweeps().inNamespace(NS)
                .resource(
                        valid.with("metadata.name", "pod-template")
                                .with(
                                        "spec.podTemplate",
                                        java.util.Map.of(
                                                "labels",
                                                java.util.Map.of(
                                                        "team", "vision", "cost-center", "4711"),
                                                "annotations",
                                                java.util.Map.of(
                                                        "kueue.x-k8s.io/podset-required-topology",
                                                        "cloud.google.com/gke-nodepool",
                                                        "provreq.kueue.x-k8s.io/maxRunDurationSeconds",
                                                        "3600"),
                                                "priorityClassName",
                                                "research-low",
                                                "imagePullSecrets",
                                                List.of(java.util.Map.of("name", "registry-creds")),
                                                "affinity",
                                                java.util.Map.of(
                                                        "podAntiAffinity",
                                                        java.util.Map.of(
                                                                "requiredDuringSchedulingIgnoredDuringExecution",
                                                                List.of(
                                                                        java.util.Map.of(
                                                                                "topologyKey",
                                                                                "kubernetes.io/hostname"))))))
                                .toResource())
                .dryRun()
                .create();
    }

    private static List<Integer> range(int from, int count) {
        return java.util.stream.IntStream.range(from, from + count).boxed().toList();
    }

    private static java.util.Map<String, Object> seventeenResources() {
        java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 17; i++) {
            r.put("example.com/r" + i, "1");
        }
        return r;
    }

    /** Grids at the edge of the admission bound on trials. */
    static final class TrialBound {
        private TrialBound() {}

        /** Every list at its schema maximum: 32 x 16 x 8 x (1 + 31 + 7) = 159,744 trials. */
        static Manifest largestGrid(Manifest m) {
            List<Object> sizes = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                sizes.add(
                        java.util.Map.of(
                                "name", "s" + i, "width", 64 * (i + 1), "depth", 2, "heads", 2));
            }
            List<Double> sparsities = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                sparsities.add(i / 32.0);
            }
            return m.with("spec.model.sizes", sizes)
                    .with("spec.grid.sparsities", sparsities)
                    .with(
                            "spec.grid.patterns",
                            List.of(
                                    "unstructured",
                                    "1:2",
                                    "2:4",
                                    "1:4",
                                    "3:4",
                                    "1:8",
                                    "2:8",
                                    "3:8"))
                    .with("spec.grid.steps", range(1, 16))
                    .with("spec.grid.seeds", range(0, 8));
        }

        /** Exactly 1000: 2 sizes x 5 steps x 5 seeds x (dense + 18 sparsities + 2:4). */
        static Manifest atTheLimit(Manifest m) {
            List<Double> sparsities = new java.util.ArrayList<>(List.of(0.0));
            for (int i = 1; i <= 18; i++) {
                sparsities.add(i / 20.0);
            }
            return m.with("spec.grid.sparsities", sparsities)
                    .with("spec.grid.steps", range(1, 5))
                    .with("spec.grid.seeds", range(0, 5));
        }
    }

    private static Arguments bad(
            String why, java.util.function.UnaryOperator<Manifest> edit, String field) {
        return Arguments.of(why, edit, field);
    }

    @ParameterizedTest(name = "[{index}] {0} -> rejected naming {2}")
    @MethodSource("invalidManifests")
    void invalidManifestIsRejectedNamingTheField(
            String why, java.util.function.UnaryOperator<Manifest> edit, String field) {
        GenericKubernetesResource bad = edit.apply(valid).toResource();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> sweeps().inNamespace(NS).resource(bad).dryRun().create())
                .as(why)
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> {
                            BadInputRows.add(
                                    "admission",
                                    why,
                                    String.valueOf(e.getCode()),
                                    e.getStatus() == null
                                            ? e.getMessage()
                                            : e.getStatus().getMessage());
                            assertThat(e.getCode()).as(why).isEqualTo(422);
                            assertThat(e.getMessage()).as(why).contains(field);
                        });
        assertThat((System.nanoTime() - t0) / 1e9).as(why + ": seconds to refuse").isLessThan(10);
    }

    @Test
    void aGridOfExactlyOneThousandTrialsIsAccepted() {
        sweeps().inNamespace(NS)
                .resource(
                        TrialBound.atTheLimit(valid).with("metadata.name", "at-limit").toResource())
                .dryRun()
                .create();
    }

    @Test
    void trainingCannotBeAddedOrRemovedAfterCreation() {
        var ref = sweeps().inNamespace(NS).withName("training-presence");
        sweeps().inNamespace(NS)
                .resource(valid.with("metadata.name", "training-presence").toResource())
                .create();
        assertThatThrownBy(
                        () ->
                                ref.patch(
                                        PatchContext.of(PatchType.JSON_MERGE),
                                        "{\"spec\":{\"training\":{\"batchSize\":64}}}"))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> {
                            BadInputRows.add(
                                    "admission",
                                    "spec.training added after creation",
                                    String.valueOf(e.getCode()),
                                    e.getStatus().getMessage());
                            assertThat(e.getMessage()).contains("spec.training is immutable");
                        });
        sweeps().inNamespace(NS)
                .resource(
                        valid.with("metadata.name", "training-removal")
                                .with("spec.training", java.util.Map.of("batchSize", 32))
                                .toResource())
                .create();
        assertThatThrownBy(
                        () ->
                                sweeps().inNamespace(NS)
                                        .withName("training-removal")
                                        .patch(
                                                PatchContext.of(PatchType.JSON_MERGE),
                                                "{\"spec\":{\"training\":null}}"))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> {
                            BadInputRows.add(
                                    "admission",
                                    "spec.training removed after creation",
                                    String.valueOf(e.getCode()),
                                    e.getStatus().getMessage());
                            assertThat(e.getMessage()).contains("spec.training is immutable");
                        });
    }

    @Test
    void atLeastThirtyInvalidManifestsAreCovered() {
        assertThat(invalidManifests().count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void immutableFieldsCannotChangeButParallelismCan() {
        var created =
                sweeps().inNamespace(NS)
                        .resource(valid.with("metadata.name", "immutable").toResource())
                        .create();
        var ref = sweeps().inNamespace(NS).withName("immutable");
        assertThatThrownBy(
                        () ->
                                ref.patch(
                                        PatchContext.of(PatchType.JSON_MERGE),
                                        "{\"spec\":{\"grid\":{\"steps\":[5000]}}}"))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getMessage()).contains("spec.grid is immutable"));
        assertThatThrownBy(
                        () ->
                                ref.patch(
                                        PatchContext.of(PatchType.JSON_MERGE),
                                        "{\"spec\":{\"task\":\"vit\"}}"))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getMessage()).contains("spec.task is immutable"));
        var scaled =
                ref.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"parallelism\":8}}");
        assertThat(scaled.getMetadata().getGeneration())
                .isEqualTo(created.getMetadata().getGeneration() + 1);
    }

    @Test
    void statusIsASubresource() {
        var created =
                sweeps().inNamespace(NS)
                        .resource(valid.with("metadata.name", "status").toResource())
                        .create();
        long generation = created.getMetadata().getGeneration();
        var ref = sweeps().inNamespace(NS).withName("status");
        // status written through the main resource is dropped
        ref.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Running\"}}");
        assertThat(ref.get().getAdditionalProperties().get("status")).isNull();
        // written through /status it sticks, and does not bump the generation
        ref.subresource("status")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\":{\"phase\":\"Running\",\"progress\":\"3/12\"}}");
        GenericKubernetesResource now = ref.get();
        assertThat(now.getAdditionalProperties().get("status").toString())
                .contains("phase=Running");
        assertThat(now.getMetadata().getGeneration()).isEqualTo(generation);
        // and /status validates too
        assertThatThrownBy(
                        () ->
                                ref.subresource("status")
                                        .patch(
                                                PatchContext.of(PatchType.JSON_MERGE),
                                                "{\"status\":{\"phase\":\"Exploded\"}}"))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getMessage()).contains("status.phase"));
    }

    /** Every sweep in examples/ is what a cluster accepts, as well as what `run` accepts. */
    @Test
    void everyExampleManifestPassesServerSideDryRun() throws Exception {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Crds.repoDir().resolve("examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(7);
        Kubectl kubectl = testbed.kubectl();
        for (Path example : examples) {
            Kubectl.Result r =
                    kubectl.run("apply", "--dry-run=server", "-n", NS, "-f", example.toString());
            assertThat(r.ok()).as(example + ": " + r.stderr()).isTrue();
            assertThat(r.stdout()).as(example.toString()).contains("(server dry run)");
        }
    }

    @Test
    void realKubectlRejectsAnInvalidManifestAndShowsThePrinterColumns() {
        Kubectl kubectl = testbed.kubectl();
        String badJson =
                valid.with("metadata.name", "bad-kubectl")
                        .with("spec.grid.sparsities", List.of(1.5))
                        .toJson();
        Kubectl.Result rejected =
                kubectl.run(badJson, Duration.ofMinutes(1), "apply", "--dry-run=server", "-f", "-");
        assertThat(rejected.exitCode()).isNotZero();
        assertThat(rejected.stderr()).contains("spec.grid.sparsities");

        String goodJson = valid.with("metadata.name", "kubectl-columns").toJson();
        Kubectl.Result applied = kubectl.run(goodJson, Duration.ofMinutes(1), "apply", "-f", "-");
        assertThat(applied.ok()).as(applied.stderr()).isTrue();
        Kubectl.Result got = kubectl.run("get", "ssw", "-n", NS, "kubectl-columns");
        assertThat(got.ok()).as(got.stderr()).isTrue();
        String header = got.stdout().lines().findFirst().orElseThrow();
        assertThat(header).contains("NAME", "PHASE", "DONE/TOTAL", "FAILED", "BEST LOSS", "AGE");
        Kubectl.Result explained = kubectl.run("explain", "sparsesweep.spec.parallelism");
        assertThat(explained.ok()).as(explained.stderr()).isTrue();
        assertThat(explained.stdout()).contains("parallelism");
    }
}
