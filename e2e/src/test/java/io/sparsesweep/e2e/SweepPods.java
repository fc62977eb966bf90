package io.sparsesweep.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparsesweep.protocol.TrainerArgs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What runs "inside" the pods the operator creates, since kwok runs no containers: trial pods
 * report the known law's loss for their flags; the fitting pod runs its real command, {@code
 * sparsesweep operator fit-sweep ...}, on this machine on its pod's input files, and its output
 * becomes its log.
 */
final class SweepPods {
    static final String ROLE = "sparsesweep.io/role";

    private SweepPods() {}

    /** Trial attempts: the result the known law gives for the trainer's flags, after 0.2–0.8 s. */
    static SimulatedTrainer.Policy trainer(KnownLaw law, Predicate<Pod> preempt) {
        return trainer(law, preempt, 200, 800);
    }

    /** Trial attempts that take {@code minMillis..maxMillis} of simulated training. */
    static SimulatedTrainer.Policy trainer(
            KnownLaw law, Predicate<Pod> preempt, int minMillis, int maxMillis) {
        Random delays = new Random(42);
        return pod -> {
            Container c = container(pod, "trainer");
            if (preempt.test(pod)) {
                return Optional.of(SimulatedTrainer.Verdict.preempt(200));
            }
            TrainerArgs args = TrialArgs.flags(c.getArgs());
            int delay;
            synchronized (delays) {
                delay = minMillis + delays.nextInt(maxMillis - minMillis + 1);
            }
            String json = law.resultFor(args, delay / 1000.0);
            return Optional.of(SimulatedTrainer.Verdict.succeed(json, delay));
        };
    }

    /** Records every pod the policy decides (by pod name), then delegates. */
    static SimulatedTrainer.Policy recording(
            java.util.Map<String, Pod> seen, SimulatedTrainer.Policy policy) {
        return pod -> {
            seen.put(pod.getMetadata().getName(), pod);
            return policy.decide(pod);
        };
    }

    /** Whether {@code sparsesweep operator fit-sweep} exists in this checkout's CLI. */
    static boolean fitCommandAvailable(Path repo, Path logDir) throws Exception {
        Process p =
                new ProcessBuilder(
                                repo.resolve("sparsesweep").toString(),
                                "operator",
                                "fit-sweep",
                                "--help")
                        .directory(repo.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(logDir.resolve("fit-sweep-help.log").toFile())
                        .start();
        return p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0;
    }

    /**
     * The fitting pod, played as a kubelet would run it: the downward-API files of its pod (the
     * fit's input, from its annotations) are written to a folder, the container's command runs on
     * this machine against that folder, without a token or kubeconfig (the pod mounts none), and
     * its output becomes the container's log: a CRI-format file that kwok serves through the API
     * server ({@code kubectl logs}) once a kwok {@code Logs} object names it. The pod then exits
     * with the command's exit code.
     */
    static SimulatedTrainer.Policy fitting(
            Testbed testbed, KubernetesClient admin, Path repo, boolean available) {
        return pod -> {
            if (!available) {
                return Optional.empty(); // the fitting pod keeps "running": nothing can fit
            }
            Container c = container(pod, "fit");
            List<String> command = new ArrayList<>(c.getCommand());
            if (c.getArgs() != null) {
                command.addAll(c.getArgs());
            }
            if (!command.isEmpty() && command.get(0).endsWith("sparsesweep")) {
                command.set(0, repo.resolve("sparsesweep").toString());
            }
            String ns = pod.getMetadata().getNamespace();
            String name = pod.getMetadata().getName();
            Path podDir = Files.createTempDirectory("fit-pod");
            Path log = testbed.logDir().resolve("fit-" + name + ".log");
            Path out = Files.createTempFile("fit", ".out");
            try {
                mountDownwardApi(pod, c, podDir, command);
                ProcessBuilder pb =
                        new ProcessBuilder(command)
                                .directory(repo.toFile())
                                .redirectOutput(out.toFile())
                                .redirectError(log.toFile());
                // No token is mounted in the fitting pod: nothing to reach the API server with.
                pb.environment().put("KUBECONFIG", podDir.resolve("no-kubeconfig").toString());
                // built once in setUp (fitCommandAvailable / OperatorProcess.buildCli)
                pb.environment().put("SPARSESWEEP_SKIP_BUILD", "1");
                Process p = pb.start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    return Optional.of(SimulatedTrainer.Verdict.fail(1, "fit timed out", 100));
                }
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                Files.writeString(
                        log,
                        "\n--- stdout ---\n" + stdout,
                        java.nio.file.StandardOpenOption.APPEND);
                serveLog(admin, ns, name, "fit", stdout, testbed.logDir());
                String last = lastLine(stdout);
                return Optional.of(
                        p.exitValue() == 0
                                ? SimulatedTrainer.Verdict.succeed("", 100)
                                : SimulatedTrainer.Verdict.fail(
                                        p.exitValue(),
                                        last.substring(0, Math.min(200, last.length())),
                                        100));
            } finally {
                Files.deleteIfExists(out);
            }
        };
    }

    /**
     * Writes the files of the container's downward-API volume mounts (annotation values) under
     * {@code podDir} and points the command's arguments that name a mount path at them.
     */
    private static void mountDownwardApi(Pod pod, Container c, Path podDir, List<String> command)
            throws IOException {
        for (VolumeMount m : c.getVolumeMounts()) {
            Volume v =
                    pod.getSpec().getVolumes().stream()
                            .filter(x -> x.getName().equals(m.getName()))
                            .findFirst()
                            .orElseThrow();
            if (v.getDownwardAPI() == null) {
                continue;
            }
            Path dir = podDir.resolve(v.getName());
            Files.createDirectories(dir);
            for (DownwardAPIVolumeFile f : v.getDownwardAPI().getItems()) {
                String field = f.getFieldRef().getFieldPath();
                String key = field.substring(field.indexOf("['") + 2, field.lastIndexOf("']"));
                Files.writeString(
                        dir.resolve(f.getPath()),
                        pod.getMetadata().getAnnotations().getOrDefault(key, ""),
                        StandardCharsets.UTF_8);
            }
            command.replaceAll(a -> a.equals(m.getMountPath()) ? dir.toString() : a);
        }
    }

    /**
     * Makes {@code text} the container's log: a CRI-format file named by a kwok {@code Logs}
     * object, then waits until the API server serves it ({@code pods/log}), so the log is there
     * before the pod finishes.
     */
    static void serveLog(
            KubernetesClient admin,
            String ns,
            String pod,
            String container,
            String text,
            Path logDir)
            throws IOException, InterruptedException {
        Path file = logDir.resolve("pod-logs").resolve(ns + "_" + pod + "_" + container + ".log");
        Files.createDirectories(file.getParent());
        StringBuilder cri = new StringBuilder();
        String now = java.time.Instant.now().toString();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                cri.append(now).append(" stdout F ").append(line).append('\n');
            }
        }
        Files.writeString(file, cri.toString(), StandardCharsets.UTF_8);
        GenericKubernetesResource logs =
                new GenericKubernetesResourceBuilder()
                        .withApiVersion("kwok.x-k8s.io/v1alpha1")
                        .withKind("Logs")
                        .withNewMetadata()
                        .withName(pod)
                        .withNamespace(ns)
                        .endMetadata()
                        .addToAdditionalProperties(
                                "spec",
                                java.util.Map.of(
                                        "logs",
                                        List.of(
                                                java.util.Map.of(
                                                        "containers",
                                                        List.of(container),
                                                        "logsFile",
                                                        file.toString()))))
                        .build();
        admin.genericKubernetesResources("kwok.x-k8s.io/v1alpha1", "Logs")
                .inNamespace(ns)
                .resource(logs)
                .createOr(r -> r.update());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String expected = text.strip();
        while (true) {
            try {
                String served =
                        admin.pods().inNamespace(ns).withName(pod).inContainer(container).getLog();
                if (served != null && served.strip().equals(expected)) {
                    return;
                }
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                // kwok has not seen the Logs object yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        "kwok did not serve the log of " + ns + "/" + pod + " in 30 s");
            }
            Thread.sleep(100);
        }
    }

    private static String lastLine(String text) {
        String last = "";
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        return last.length() > 4000 ? last.substring(0, 4000) : last;
    }

    private static Container container(Pod pod, String name) throws IOException {
        return pod.getSpec().getContainers().stream()
                .filter(c -> name.equals(c.getName()))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IOException(
                                        "pod "
                                                + pod.getMetadata().getName()
                                                + " has no container "
                                                + name));
    }
}
