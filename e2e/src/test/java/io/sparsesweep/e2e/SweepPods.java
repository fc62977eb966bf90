package io.sparsesweep.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
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
 * sparsesweep operator fit-sweep ...}, on this machine with the fitting ServiceAccount's token.
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
            List<String> args = c.getArgs();
            TrialArgs t = TrialArgs.parse(args);
            String task = flag(args, "--task", "vit");
            int delay;
            synchronized (delays) {
                delay = minMillis + delays.nextInt(maxMillis - minMillis + 1);
            }
            String json = Serialization.asJson(law.resultFor(t, task, delay / 1000.0));
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
     * The fitting pod: runs the container's command with the pod's identity (a TokenRequest token
     * of its ServiceAccount) against the test bed. Its last stdout line becomes the termination
     * message; a non-zero exit fails the pod with that exit code.
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
            String sa = pod.getSpec().getServiceAccountName();
            String token =
                    admin.serviceAccounts()
                            .inNamespace(ns)
                            .withName(sa)
                            .tokenRequest(
                                    new TokenRequestBuilder()
                                            .withNewSpec()
                                            .withExpirationSeconds(3600L)
                                            .endSpec()
                                            .build())
                            .getStatus()
                            .getToken();
            Path kubeconfig = Files.createTempFile("fit-sa", ".kubeconfig");
            Path log = testbed.logDir().resolve("fit-" + pod.getMetadata().getName() + ".log");
            Path out = Files.createTempFile("fit", ".out");
            try {
                Files.writeString(
                        kubeconfig,
                        testbed.kubeconfigYaml().replaceAll("token: .*", "token: " + token),
                        StandardCharsets.UTF_8);
                ProcessBuilder pb =
                        new ProcessBuilder(command)
                                .directory(repo.toFile())
                                .redirectOutput(out.toFile())
                                .redirectError(log.toFile());
                pb.environment().put("KUBECONFIG", kubeconfig.toString());
                pb.environment().put("POD_NAMESPACE", ns);
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
                String last = lastLine(stdout);
                return Optional.of(
                        p.exitValue() == 0
                                ? SimulatedTrainer.Verdict.succeed(last, 100)
                                : SimulatedTrainer.Verdict.fail(p.exitValue(), last, 100));
            } finally {
                Files.deleteIfExists(kubeconfig);
                Files.deleteIfExists(out);
            }
        };
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

    private static String flag(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }
}
