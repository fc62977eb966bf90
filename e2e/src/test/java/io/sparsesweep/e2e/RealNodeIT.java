package io.sparsesweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparsesweep.protocol.ResultJson;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product on a real node (kubelet, containerd, runc; {@code testbed/start.sh
 * --real-node}), as a user runs it: {@code helm install} of the chart with only image names and
 * pull policy set, {@code kubectl apply -f examples/quickstart.yaml} unchanged, real trainer
 * containers from the runner image, the fitting Job as a real pod, the law in {@code status.fit};
 * three of its trials trained again by {@code ./sparsesweep train} with the pods' flags, to the
 * same bits; real data from a read-only claim; a deleted trial pod that checkpoints and resumes; a
 * deleted operator pod; the security context as the kernel enforces it; the conformance kit ({@code
 * trainer-check}) in a pod of the runner image; a sweep of a second trainer (the example Python
 * trainer in its own image). Prints {@code REAL-NODE: ...} with the figures.
 *
 * <p>The methods run in order on one cluster; each later one needs the operator the first one
 * installed.
 */
@ExtendWith(RealNodeExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealNodeIT {
    private static final String NS = "default";
    private static final String RELEASE = "sparsesweep";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RealNodeExtension.Node node;
    private static KubernetesClient client;
    private static Kubectl kubectl;
    private static PodRecorder pods;

    // figures for the REAL-NODE line
    private static int trials;
    private static double applyToCompleteSeconds = Double.NaN;
    private static double localSeconds = Double.NaN;
    private static double maxLossDiff = Double.NaN;
    private static long resumedFromStep = -1;
    private static int localTrials;
    private static double localTrialsClusterSeconds = Double.NaN;
    private static Map<String, Double> clusterLosses;

    @BeforeAll
    static void setUp(RealNodeExtension.Node n) {
        node = n;
        client = n.testbed().newClient();
        kubectl = n.testbed().kubectl();
        pods = new PodRecorder(client, NS);
    }

    @AfterAll
    static void tearDown() {
        if (pods != null) {
            pods.close();
        }
        if (client != null) {
            client.close();
        }
        System.out.printf(
                java.util.Locale.ROOT,
                "REAL-NODE: %d trials, apply→Complete %.1f s, local %.1f s, max |loss diff| %s,"
                        + " resumed from step %d (local: %d of the quickstart's trials trained"
                        + " again by ./sparsesweep train one after another; %.1f s in their"
                        + " containers on the node)%n",
                trials,
                applyToCompleteSeconds,
                localSeconds,
                Double.isNaN(maxLossDiff) ? "n/a" : Double.toString(maxLossDiff),
                resumedFromStep,
                localTrials,
                localTrialsClusterSeconds);
    }

    /** 1. The chart as shipped: the operator in a pod from its image, as its ServiceAccount. */
    @Test
    @Order(1)
    void helmInstallRunsTheOperatorInAPodWithLeaderElection() throws Exception {
        String[] operator = splitImage(node.images().operatorImage());
        String[] runner = splitImage(node.images().runnerImage());
        long t0 = System.nanoTime();
        new Helm(ChartInstall.chartDir())
                .install()
                .withName(RELEASE)
                .withNamespace(NS)
                .withKubeConfig(node.testbed().kubeconfig())
                // only image names and pull policy: the images were imported, not pulled
                .set("operator.image.repository", operator[0])
                .set("operator.image.tag", operator[1])
                .set("operator.image.pullPolicy", "Never")
                .set("sweeps.trainerImage.repository", runner[0])
                .set("sweeps.trainerImage.tag", runner[1])
                .set("sweeps.trainerImage.pullPolicy", "Never")
                .waitReady()
                .withTimeout(300)
                .call();
        System.out.printf(
                "REAL-NODE helm install --wait: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        Pod op = operatorPod();
        assertThat(op.getSpec().getNodeName()).isEqualTo(node.testbed().realNodeName());
        assertThat(op.getSpec().getServiceAccountName()).isEqualTo(RELEASE + "-operator");
        assertThat(op.getSpec().getContainers().get(0).getImage())
                .isEqualTo(node.images().operatorImage());
        assertThat(op.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
        // the chart's leader election: the running pod holds the Lease
        Await.until(
                Duration.ofMinutes(2),
                "the operator pod to hold the leader Lease",
                () -> op.getMetadata().getName().equals(leaseHolder()),
                RealNodeIT::leaseHolder);
        String log = kubectl.run("logs", "-n", NS, op.getMetadata().getName()).stdout();
        assertThat(log).contains("operator started").contains("leaderElection=true");
        assertThat(log).doesNotContain("Forbidden");
    }

    /**
     * 2. {@code kubectl apply -f examples/quickstart.yaml}, unchanged: every trial a real container
     * of the runner image, the fitting Job a real pod, Complete, the law in status.fit.
     */
    @Test
    @Order(2)
    void quickstartAppliedUnchangedCompletesWithTheLaw() throws Exception {
        Path manifest = Crds.repoDir().resolve("examples/quickstart.yaml");
        long t0 = System.nanoTime();
        Kubectl.Result applied = kubectl.run("apply", "-n", NS, "-f", manifest.toString());
        assertThat(applied.ok()).as(applied.stderr()).isTrue();
        Kubectl.Result waited =
                kubectl.run(
                        null,
                        Duration.ofMinutes(40),
                        "wait",
                        "-n",
                        NS,
                        "--for=condition=Complete",
                        "ssw/quickstart",
                        "--timeout=35m");
        applyToCompleteSeconds = (System.nanoTime() - t0) / 1e9;
        assertThat(waited.ok())
                .as("kubectl wait: %s %s; status %s", waited.stdout(), waited.stderr(), status())
                .isTrue();

        Map<String, Object> status = status();
        Map<?, ?> counts = (Map<?, ?>) status.get("trialCounts");
        assertThat(counts.get("succeeded")).isEqualTo(36);
        assertThat(counts.get("failed")).isEqualTo(0);
        List<PodRecorder.Seen> trialPods = pods.withLabel("sparsesweep.io/sweep", "quickstart");
        List<PodRecorder.Seen> trainers =
                trialPods.stream()
                        .filter(p -> "trial".equals(p.labels().get("sparsesweep.io/role")))
                        .toList();
        assertThat(trainers).hasSizeGreaterThanOrEqualTo(36);
        for (PodRecorder.Seen p : trainers) {
            assertThat(p.node()).as(p.name()).isEqualTo(node.testbed().realNodeName());
            assertThat(p.image()).as(p.name()).isEqualTo(node.images().runnerImage());
            assertThat(p.exitCode()).as(p.name()).isZero();
            assertThat(JSON.readTree(p.message()).get("valLoss").asDouble())
                    .as(p.name() + ": the result JSON from the real container")
                    .isPositive();
        }
        List<PodRecorder.Seen> fitters =
                trialPods.stream()
                        .filter(p -> !"trial".equals(p.labels().get("sparsesweep.io/role")))
                        .toList();
        assertThat(fitters).as("the fitting Job's pod").isNotEmpty();
        assertThat(fitters.get(fitters.size() - 1).exitCode()).isZero();

        Map<?, ?> fit = (Map<?, ?>) status.get("fit");
        assertThat(fit.get("state")).isEqualTo("Succeeded");
        assertThat((String) fit.get("law")).contains("N^");
        JsonNode clusterLaw = JSON.valueToTree(fit.get("report")).get("law");
        for (String k : List.of("aS", "bS", "cS", "bN", "aD", "bD", "c")) {
            assertThat(clusterLaw.get(k).isNumber()).as("status.fit.report.law." + k).isTrue();
        }
        clusterLosses = ResultsTable.losses(resultsCsv("quickstart"));
        assertThat(clusterLosses).hasSize(36);
        trials += 36;
        System.out.printf(
                java.util.Locale.ROOT,
                "REAL-NODE quickstart: apply→Complete %.1f s; %s%n",
                applyToCompleteSeconds,
                StartLatency.describe(trainers));
    }

    /**
     * 2b. The local path agrees with the cluster path: a few of the quickstart's trials, picked by
     * a fixed rule ({@link TrialRerun}: the cheapest dense, unstructured and n:m trial), trained
     * again on this machine by {@code ./sparsesweep train} with exactly the flags the operator gave
     * their pods (seed and {@code --threads} included; only where the result and checkpoints are
     * written differs) give bit-identical results.
     *
     * <p>Why no tolerance: both sides run the same code (the runner image is built from this
     * reactor), the same TensorFlow native library (the image's copy is unpacked from the same jar
     * JavaCPP loads here) on the same CPU, on data generated from the same seed, with the same
     * intra-op (and so inter-op) thread count from the pod's {@code --threads}: every kernel
     * reduces in the same order, so the float arithmetic is the same operation by operation. A
     * difference is a real divergence of the two paths (other flags, other library, other data),
     * not noise. (Re-running all 36 trials locally took longer than the cluster run itself; three
     * trials prove the agreement and fit in CI.)
     */
    @Test
    @Order(3)
    void trialsTrainedAgainLocallyGiveBitIdenticalResults(@TempDir Path work) throws Exception {
        assertThat(clusterLosses).as("needs the cluster run").isNotNull();
        Map<String, PodRecorder.Seen> succeeded = new HashMap<>();
        for (PodRecorder.Seen p : pods.withLabel("sparsesweep.io/sweep", "quickstart")) {
            if ("trial".equals(p.labels().get("sparsesweep.io/role"))
                    && p.exitCode() != null
                    && p.exitCode() == 0) {
                succeeded.put(p.labels().get("sparsesweep.io/trial"), p);
            }
        }
        List<TrialRerun.Ran> picked =
                TrialRerun.pick(
                        succeeded.entrySet().stream()
                                .map(
                                        e ->
                                                new TrialRerun.Ran(
                                                        e.getKey(),
                                                        e.getValue().command(),
                                                        e.getValue().args()))
                                .toList());
        assertThat(picked)
                .extracting(r -> TrialRerun.kind(r.trainerArgs()))
                .as("one dense and two pruned trials of the quickstart")
                .containsExactly("dense", "unstructured", "n:m");

        Path launcher = Crds.repoDir().resolve("sparsesweep");
        // the launcher builds the CLI if its sources are newer than the last build: not timed
        Path warmLog = node.testbed().logDir().resolve("local-version.log");
        Process warm =
                new ProcessBuilder(launcher.toString(), "--version")
                        .redirectErrorStream(true)
                        .redirectOutput(warmLog.toFile())
                        .start();
        assertThat(warm.waitFor(10, TimeUnit.MINUTES)).as("./sparsesweep --version").isTrue();
        assertThat(warm.exitValue()).as(Files.readString(warmLog)).isZero();

        maxLossDiff = 0;
        localSeconds = 0;
        localTrialsClusterSeconds = 0;
        for (TrialRerun.Ran r : picked) {
            PodRecorder.Seen pod = succeeded.get(r.trialId());
            assertThat(r.command()).as(r.trialId()).containsExactly("sparsesweep", "train");
            assertThat(r.args()).as("the operator sets the threads").contains("--threads");
            Path dir = Files.createDirectories(work.resolve(r.trialId()));
            Path result = dir.resolve("result.json");
            List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "train"));
            cmd.addAll(
                    TrialRerun.localArgs(
                            r.args(), dir.resolve("checkpoints").toString(), result.toString()));
            Path log = node.testbed().logDir().resolve("local-" + r.trialId() + ".log");
            long t0 = System.nanoTime();
            Process p =
                    new ProcessBuilder(cmd)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("local " + r.trialId()).isTrue();
            double local = (System.nanoTime() - t0) / 1e9;
            assertThat(p.exitValue()).as(Files.readString(log)).isZero();

            TrialResult here = ResultJson.read(Files.readString(result), r.trainerArgs());
            TrialResult there = ResultJson.read(pod.message(), r.trainerArgs());
            double cluster = Duration.between(pod.started(), pod.finished()).toMillis() / 1000.0;
            System.out.printf(
                    java.util.Locale.ROOT,
                    "REAL-NODE local vs cluster %s (%s, %s): valLoss %s vs %s, trainLoss %s vs %s;"
                            + " time %.1f s local process vs %.1f s cluster container (trainer"
                            + " wall %.1f s vs %.1f s)%n",
                    r.trialId(),
                    TrialRerun.kind(r.trainerArgs()),
                    String.join(" ", r.args()),
                    here.valLoss(),
                    there.valLoss(),
                    here.trainLoss(),
                    there.trainLoss(),
                    local,
                    cluster,
                    here.wallSeconds(),
                    there.wallSeconds());
            maxLossDiff =
                    Math.max(
                            maxLossDiff,
                            Math.max(
                                    Math.abs(here.valLoss() - there.valLoss()),
                                    Math.abs(here.trainLoss() - there.trainLoss())));
            localSeconds += local;
            localTrialsClusterSeconds += cluster;
            assertThat(here.valLoss()).as(r.trialId() + " valLoss").isEqualTo(there.valLoss());
            assertThat(here.trainLoss())
                    .as(r.trialId() + " trainLoss")
                    .isEqualTo(there.trainLoss());
            assertThat(here.nonzeroParams())
                    .as(r.trialId() + " nonzero parameters (the masks)")
                    .isEqualTo(there.nonzeroParams());
            assertThat(here.achievedSparsity())
                    .as(r.trialId() + " achieved sparsity")
                    .isEqualTo(there.achievedSparsity());
            assertThat(clusterLosses.get(r.trialId()))
                    .as(r.trialId() + " in the sweep's results table")
                    .isEqualTo(there.valLoss());
        }
        localTrials = picked.size();
    }

    /**
     * 3-5. Real Fashion-MNIST from a read-only claim on the node; a trial pod deleted mid-training
     * checkpoints on SIGTERM, exits 75 and its replacement resumes without a failure counted; the
     * operator pod deleted mid-sweep comes back with no Job created twice and no result lost; and
     * from inside a trial container: no token, read-only root, the chart's non-root user.
     */
    @Test
    @Order(4)
    void realDataRealFaultsAndSecurityAsEnforced() throws Exception {
        String sweep = "fashion-mnist-real";
        RealNodeVolumes.create(client, node.testbed().realNodeVolumes(), NS);
        // examples/fashion-mnist-vit.yaml as it stands (task, data set and its claim, training
        // recipe), shrunk to 4 trials long enough to be interrupted; checkpoints on a claim so a
        // new pod finds them
        Manifest m =
                Manifest.parse(
                                Files.readString(
                                        Crds.repoDir().resolve("examples/fashion-mnist-vit.yaml")))
                        .with("metadata.name", sweep)
                        .with(
                                "spec.model.sizes",
                                List.of(Map.of("name", "w32", "width", 32, "depth", 2, "heads", 2)))
                        .with("spec.grid.sparsities", List.of(0.0, 0.5))
                        .with("spec.grid.patterns", List.of("unstructured"))
                        .with("spec.grid.steps", List.of(FAULT_STEPS, FAULT_STEPS + 100))
                        .with("spec.training.valSize", 1000)
                        .with("spec.trainer.checkpointVolumeClaim", RealNodeVolumes.CHECKPOINTS)
                        .with("spec.parallelism", 2)
                        .with("spec.fitting", Map.of("enabled", false));
        assertThat(m.get("spec.datasetVolume"))
                .as("the example's own data source")
                .isEqualTo(Map.of("claimName", RealNodeVolumes.DATASETS, "path", "fashion-mnist"));
        try (SweepProbe probe = new SweepProbe(client, NS, sweep)) {
            Kubectl.Result applied =
                    kubectl.run(m.toJson(), Duration.ofMinutes(1), "apply", "-n", NS, "-f", "-");
            assertThat(applied.ok()).as(applied.stderr()).isTrue();

            // a trial container that has trained a while: look at it from inside, then delete it
            String victim = runningTrialPastStep(sweep, 50);
            SecurityProbe.assertEnforced(kubectl, NS, victim, m.get("spec.dataset").toString());
            Pod before = client.pods().inNamespace(NS).withName(victim).get();
            String trialId = before.getMetadata().getLabels().get("sparsesweep.io/trial");
            Kubectl.Result deleted =
                    kubectl.run(null, Duration.ofMinutes(2), "delete", "pod", "-n", NS, victim);
            assertThat(deleted.ok()).as(deleted.stderr()).isTrue();
            PodRecorder.Seen gone =
                    pods.withLabel("sparsesweep.io/trial", trialId).stream()
                            .filter(p -> p.name().equals(victim))
                            .findFirst()
                            .orElseThrow();
            assertThat(gone.exitCode())
                    .as("SIGTERM -> checkpoint -> exit 75 (%s)", gone.message())
                    .isEqualTo(75);

            // the operator pod, mid-sweep
            String oldOperator = operatorPod().getMetadata().getName();
            assertThat(probe.count("succeeded"))
                    .as("trials left when the operator goes")
                    .isLessThan(4);
            kubectl.run(null, Duration.ofMinutes(2), "delete", "pod", "-n", NS, oldOperator);
            Await.until(
                    Duration.ofMinutes(4),
                    "a new operator pod holding the Lease",
                    () -> {
                        String h = leaseHolder();
                        return h != null && !h.equals(oldOperator);
                    },
                    RealNodeIT::leaseHolder);

            Kubectl.Result waited =
                    kubectl.run(
                            null,
                            Duration.ofMinutes(25),
                            "wait",
                            "-n",
                            NS,
                            "--for=condition=Complete",
                            "ssw/" + sweep,
                            "--timeout=20m");
            assertThat(waited.ok()).as(waited.stderr() + " " + probe.status()).isTrue();
            assertThat(probe.count("succeeded")).isEqualTo(4);
            assertThat(probe.count("failed")).isZero();
            assertThat(probe.duplicatedTrials()).as("trials that got a second Job").isEmpty();
            assertThat(probe.jobs).hasSize(4);
            assertThat(ResultsTable.losses(resultsCsv(sweep))).hasSize(4);

            // the replacement pod of the deleted one resumed from its checkpoint
            List<PodRecorder.Seen> attempts = pods.withLabel("sparsesweep.io/trial", trialId);
            PodRecorder.Seen last = attempts.get(attempts.size() - 1);
            assertThat(attempts).as("pods of trial " + trialId).hasSizeGreaterThanOrEqualTo(2);
            assertThat(last.exitCode()).isZero();
            JsonNode result = JSON.readTree(last.message());
            resumedFromStep = result.get("resumedFromStep").asLong();
            assertThat(resumedFromStep).as("resumedFromStep in " + last.message()).isPositive();
            Map<?, ?> trialStatus = trialStatus(sweep, trialId);
            assertThat(trialStatus.get("attempts")).as("no failure counted").isEqualTo(1);
            assertThat(trialStatus.get("state")).isEqualTo("Succeeded");
            // real data: Fashion-MNIST's 10 classes, a loss below chance
            for (PodRecorder.Seen p : pods.withLabel("sparsesweep.io/sweep", sweep)) {
                if (p.exitCode() != null && p.exitCode() == 0 && p.message() != null) {
                    assertThat(JSON.readTree(p.message()).get("valLoss").asDouble())
                            .as(p.name() + " below ln 10")
                            .isLessThan(Math.log(10));
                }
            }
            trials += 4;
        }
    }

    /** The trainer contract's clauses (docs/trainer-contract.md, "Conformance kit"), in order. */
    private static final List<String> CLAUSES =
            List.of(
                    "short-run",
                    "result-file",
                    "grid-point",
                    "stdout-result",
                    "unknown-env",
                    "bad-flag",
                    "bad-value",
                    "sigterm",
                    "resume");

    /**
     * 6. The conformance kit against an image on the node, as a user runs it: {@code
     * examples/trainers/trainer-check-pod.yaml} (the kit inside a pod of the runner image, under a
     * trial pod's user, read-only root, dropped capabilities, no token and limits; it starts {@code
     * sparsesweep train} there once per run and sends the SIGTERM itself) with only the image and
     * pull policy changed: every clause passes and the pod exits 0.
     */
    @Test
    @Order(5)
    void trainerCheckPassesInAPodOfTheRunnerImage() throws Exception {
        Manifest m =
                Manifest.parse(
                                Files.readString(
                                        Crds.repoDir()
                                                .resolve(
                                                        "examples/trainers/trainer-check-pod.yaml")))
                        .with("spec.containers[0].image", node.images().runnerImage())
                        .with("spec.containers[0].imagePullPolicy", "Never");
        assertThat(m.get("spec.containers[0].command"))
                .as("the example checks the built-in trainer")
                .isEqualTo(List.of("sparsesweep", "trainer-check", "--", "sparsesweep", "train"));
        String name = (String) m.get("metadata.name");
        long t0 = System.nanoTime();
        Kubectl.Result applied =
                kubectl.run(m.toJson(), Duration.ofMinutes(1), "apply", "-n", NS, "-f", "-");
        assertThat(applied.ok()).as(applied.stderr()).isTrue();
        Await.until(
                Duration.ofMinutes(12),
                "the trainer-check pod to end",
                () -> {
                    Pod p = client.pods().inNamespace(NS).withName(name).get();
                    String phase = p == null ? null : p.getStatus().getPhase();
                    return "Succeeded".equals(phase) || "Failed".equals(phase);
                },
                () -> String.valueOf(client.pods().inNamespace(NS).withName(name).get()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Pod p = client.pods().inNamespace(NS).withName(name).get();
        String log = kubectl.run("logs", "-n", NS, name).stdout();
        assertThat(p.getSpec().getNodeName()).isEqualTo(node.testbed().realNodeName());
        assertThat(
                        p.getStatus()
                                .getContainerStatuses()
                                .get(0)
                                .getState()
                                .getTerminated()
                                .getExitCode())
                .as("trainer-check's exit code; its report:%n%s", log)
                .isZero();
        for (String clause : CLAUSES) {
            assertThat(log).as(log).contains("PASS " + clause + ": ");
        }
        assertThat(log).doesNotContain("FAIL ").contains("trainer-check: all 9 clauses passed");
        System.out.printf(
                java.util.Locale.ROOT,
                "REAL-NODE trainer-check in a pod of %s: all 9 clauses passed, apply→Succeeded"
                        + " %.1f s%n",
                node.images().runnerImage(),
                seconds);
        kubectl.run(null, Duration.ofMinutes(2), "delete", "pod", "-n", NS, name);
    }

    /**
     * 7. A second trainer: the example Python trainer ({@code
     * examples/trainers/python/tiny_trainer.py}) in an image of its own (Debian and python3, no
     * Java; {@code helm/images/build-tiny-trainer-image.sh}), named by {@code spec.trainer.image}
     * and {@code spec.trainer.command}. The operator runs it as it runs the built-in trainer: every
     * trial a container of that image whose termination message the strict reader accepts as the
     * result of exactly the flags the pod got, then the fitting Job, the law in status.fit.
     */
    @Test
    @Order(6)
    void aSweepOfThePythonTrainerImageCompletesWithTheLaw() throws Exception {
        String sweep = "python-trainer";
        String image = node.images().pythonTrainerImage();
        // the quickstart's recipe, shrunk for a pure-Python trainer (a 32-wide trial of 400
        // steps takes minutes there): 3 widths x 3 sparsities x 3 lengths = 27 trials of seconds
        Manifest m =
                Manifest.parse(Files.readString(Crds.repoDir().resolve("examples/quickstart.yaml")))
                        .with("metadata.name", sweep)
                        .with(
                                "spec.model.sizes",
                                List.of(
                                        Map.of("name", "w8", "width", 8, "depth", 1, "heads", 2),
                                        Map.of("name", "w12", "width", 12, "depth", 1, "heads", 2),
                                        Map.of("name", "w16", "width", 16, "depth", 1, "heads", 2)))
                        .with("spec.grid.sparsities", List.of(0.0, 0.5, 0.75))
                        .with("spec.grid.patterns", List.of("unstructured"))
                        .with("spec.grid.steps", List.of(20, 40, 80))
                        .with("spec.training.batchSize", 4)
                        .with("spec.training.seqLen", 4)
                        .with("spec.training.valSize", 16)
                        .with("spec.training.learningRate", 0.01)
                        .with("spec.fitting", Map.of("bootstrap", 20))
                        .with(
                                "spec.trainer",
                                Map.of(
                                        "image",
                                        image,
                                        "imagePullPolicy",
                                        "Never",
                                        "command",
                                        List.of("python3", "/opt/sparsesweep/tiny_trainer.py")));
        long t0 = System.nanoTime();
        Kubectl.Result applied =
                kubectl.run(m.toJson(), Duration.ofMinutes(1), "apply", "-n", NS, "-f", "-");
        assertThat(applied.ok()).as(applied.stderr()).isTrue();
        Kubectl.Result waited =
                kubectl.run(
                        null,
                        Duration.ofMinutes(20),
                        "wait",
                        "-n",
                        NS,
                        "--for=condition=Complete",
                        "ssw/" + sweep,
                        "--timeout=15m");
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> status = status(sweep);
        assertThat(waited.ok()).as("kubectl wait: %s; status %s", waited.stderr(), status).isTrue();
        Map<?, ?> counts = (Map<?, ?>) status.get("trialCounts");
        assertThat(counts.get("succeeded")).isEqualTo(27);
        assertThat(counts.get("failed")).isEqualTo(0);

        List<PodRecorder.Seen> trainers =
                pods.withLabel("sparsesweep.io/sweep", sweep).stream()
                        .filter(p -> "trial".equals(p.labels().get("sparsesweep.io/role")))
                        .toList();
        assertThat(trainers).hasSizeGreaterThanOrEqualTo(27);
        for (PodRecorder.Seen p : trainers) {
            assertThat(p.node()).as(p.name()).isEqualTo(node.testbed().realNodeName());
            assertThat(p.image()).as(p.name()).isEqualTo(image);
            assertThat(p.command())
                    .as(p.name())
                    .containsExactly("python3", "/opt/sparsesweep/tiny_trainer.py");
            assertThat(p.exitCode()).as(p.name()).isZero();
            // the strict reader, against the flags this pod got: the result echoes its trial
            TrialResult r = ResultJson.read(p.message(), TrainerArgs.parse(p.args()));
            assertThat(r.valLoss()).as(p.name()).isPositive();
        }
        Map<?, ?> fit = (Map<?, ?>) status.get("fit");
        assertThat(fit.get("state")).as("status.fit %s", fit).isEqualTo("Succeeded");
        assertThat((String) fit.get("law")).contains("N^");
        JsonNode law = JSON.valueToTree(fit.get("report")).get("law");
        for (String k : List.of("aS", "bS", "cS", "bN", "aD", "bD", "c")) {
            assertThat(law.get(k).isNumber()).as("status.fit.report.law." + k).isTrue();
        }
        assertThat(ResultsTable.losses(resultsCsv(sweep))).hasSize(27);
        trials += 27;
        System.out.printf(
                java.util.Locale.ROOT,
                "REAL-NODE Python trainer image %s: 27 trials, apply→Complete %.1f s, law %s; %s%n",
                image,
                seconds,
                fit.get("law"),
                StartLatency.describe(trainers));
    }

    /** Steps of the interrupted sweep's shorter trials (long enough to stop one mid-way). */
    private static final int FAULT_STEPS = 600;

    /** A running trial pod of {@code sweep} whose log shows step {@code step} or later. */
    private static String runningTrialPastStep(String sweep, int step) {
        java.util.concurrent.atomic.AtomicReference<String> found =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("(?m)^step (\\d+)/");
        Await.until(
                Duration.ofMinutes(5),
                "a trial of " + sweep + " past step " + step,
                () -> {
                    for (Pod p :
                            client.pods()
                                    .inNamespace(NS)
                                    .withLabel("sparsesweep.io/sweep", sweep)
                                    .withLabel("sparsesweep.io/role", "trial")
                                    .list()
                                    .getItems()) {
                        if (!"Running".equals(p.getStatus().getPhase())) {
                            continue;
                        }
                        String log =
                                kubectl.run("logs", "-n", NS, p.getMetadata().getName()).stdout();
                        var matcher = line.matcher(log);
                        long last = -1;
                        while (matcher.find()) {
                            last = Long.parseLong(matcher.group(1));
                        }
                        if (last >= step) {
                            found.set(p.getMetadata().getName());
                            return true;
                        }
                    }
                    return false;
                },
                () -> String.valueOf(pods.withLabel("sparsesweep.io/sweep", sweep)));
        return found.get();
    }

    @SuppressWarnings("unchecked")
    private static Map<?, ?> trialStatus(String sweep, String trialId) {
        var r =
                client.genericKubernetesResources("sparsesweep.io/v1alpha1", "SparseSweep")
                        .inNamespace(NS)
                        .withName(sweep)
                        .get();
        Map<String, Object> status =
                (Map<String, Object>) r.getAdditionalProperties().get("status");
        for (Object t : (List<Object>) status.get("trials")) {
            Map<?, ?> trial = (Map<?, ?>) t;
            if (trialId.equals(trial.get("id"))) {
                return trial;
            }
        }
        throw new AssertionError("no trial " + trialId + " in the status of " + sweep);
    }

    private static String[] splitImage(String image) {
        int colon = image.lastIndexOf(':');
        return new String[] {image.substring(0, colon), image.substring(colon + 1)};
    }

    private static Pod operatorPod() {
        List<Pod> list =
                client
                        .pods()
                        .inNamespace(NS)
                        .withLabel("app.kubernetes.io/name", "sparsesweep")
                        .list()
                        .getItems()
                        .stream()
                        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                        .toList();
        assertThat(list).as("operator pods").hasSize(1);
        return list.get(0);
    }

    private static String leaseHolder() {
        Lease lease = client.leases().inNamespace(NS).withName(RELEASE + "-leader").get();
        return lease == null || lease.getSpec() == null
                ? null
                : lease.getSpec().getHolderIdentity();
    }

    private static Map<String, Object> status() {
        return status("quickstart");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(String sweep) {
        var r =
                client.genericKubernetesResources("sparsesweep.io/v1alpha1", "SparseSweep")
                        .inNamespace(NS)
                        .withName(sweep)
                        .get();
        Object s = r == null ? null : r.getAdditionalProperties().get("status");
        return s == null ? Map.of() : (Map<String, Object>) s;
    }

    @SuppressWarnings("unchecked")
    private static String resultsCsv(String sweep) {
        var r =
                client.genericKubernetesResources("sparsesweep.io/v1alpha1", "SparseSweep")
                        .inNamespace(NS)
                        .withName(sweep)
                        .get();
        Map<String, Object> status =
                (Map<String, Object>) r.getAdditionalProperties().get("status");
        ConfigMap cm =
                client.configMaps()
                        .inNamespace(NS)
                        .withName((String) status.get("resultsConfigMap"))
                        .get();
        return cm.getData().values().iterator().next();
    }

    /** The results CSV (ResultsCsvWriter) as trial id -> val_loss. */
    static final class ResultsTable {
        private ResultsTable() {}

        static Map<String, Double> losses(String csv) {
            List<String> rows = csv.lines().toList();
            List<String> header = List.of(rows.get(0).split(","));
            int id = header.indexOf("trial");
            int loss = header.indexOf("val_loss");
            Map<String, Double> out = new HashMap<>();
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.split(",");
                out.put(f[id], Double.parseDouble(f[loss]));
            }
            return out;
        }
    }

    /** Pod start figures from what the kubelet reported. */
    static final class StartLatency {
        private StartLatency() {}

        static String describe(List<PodRecorder.Seen> pods) {
            List<Double> s = new ArrayList<>();
            for (PodRecorder.Seen p : pods) {
                if (p.startLatency() != null) {
                    s.add(p.startLatency().toMillis() / 1000.0);
                }
            }
            s.sort(Double::compare);
            if (s.isEmpty()) {
                return "no pod started";
            }
            return String.format(
                    java.util.Locale.ROOT,
                    "pod created→container running: median %.2f s, max %.2f s over %d pods",
                    s.get(s.size() / 2),
                    s.get(s.size() - 1),
                    s.size());
        }
    }
}
