package io.sparsesweep.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparsesweep.e2e.SimulatedTrainer;
import io.sparsesweep.e2e.Testbed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the chart's {@code helm test} pod, since kwok runs no containers: the pod's own command
 * ({@code java -cp @/app/jib-classpath-file io.sparsesweep.operator.ChartSelfTest}) as a process of
 * this machine, with the classes of this build for the image's classpath, the pod's environment and
 * the identity of the pod's ServiceAccount (a TokenRequest token). One thing stands in for the
 * cluster network: the metrics Service's DNS name in {@code SPARSESWEEP_OPERATOR_URL} is replaced
 * by the address of the operator this test runs. The exit code decides the pod's phase, and its
 * output is kept in {@link #lastOutput()}.
 */
final class ChartTestPods implements AutoCloseable {
    private final SimulatedTrainer runner;
    private volatile String lastOutput = "";

    private ChartTestPods(SimulatedTrainer runner) {
        this.runner = runner;
    }

    /**
     * Watches the release namespace for test pods and runs each against {@code operatorUrl}; {@code
     * extraEnv} overrides the pod's variables (e.g. a shorter patience).
     */
    static ChartTestPods start(
            Testbed testbed,
            KubernetesClient admin,
            String operatorUrl,
            Map<String, String> extraEnv)
            throws Exception {
        ChartTestPods[] self = new ChartTestPods[1];
        SimulatedTrainer runner =
                SimulatedTrainer.start(
                        admin,
                        Chart.NAMESPACE,
                        "app.kubernetes.io/component=test",
                        pod -> self[0].run(testbed, admin, pod, operatorUrl, extraEnv));
        self[0] = new ChartTestPods(runner);
        return self[0];
    }

    String lastOutput() {
        return lastOutput;
    }

    private Optional<SimulatedTrainer.Verdict> run(
            Testbed testbed,
            KubernetesClient admin,
            Pod pod,
            String operatorUrl,
            Map<String, String> extraEnv)
            throws Exception {
        Container c = pod.getSpec().getContainers().get(0);
        List<String> command = new ArrayList<>(c.getCommand());
        if (c.getArgs() != null) {
            command.addAll(c.getArgs());
        }
        // The image's launcher: java on its PATH, the Jib classpath file; here: this build's.
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int cp = command.indexOf("@/app/jib-classpath-file");
        if (cp < 0) {
            throw new IOException("test pod command has no Jib classpath: " + command);
        }
        command.set(cp, System.getProperty("java.class.path"));

        String token =
                admin.serviceAccounts()
                        .inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getSpec().getServiceAccountName())
                        .tokenRequest(
                                new TokenRequestBuilder()
                                        .withNewSpec()
                                        .withExpirationSeconds(3600L)
                                        .endSpec()
                                        .build())
                        .getStatus()
                        .getToken();
        Path kubeconfig = Files.createTempFile("helm-test", ".kubeconfig");
        Path out = testbed.logDir().resolve("helm-test-" + pod.getMetadata().getUid() + ".log");
        try {
            Files.writeString(
                    kubeconfig,
                    testbed.kubeconfigYaml().replaceAll("token: .*", "token: " + token),
                    StandardCharsets.UTF_8);
            ProcessBuilder pb =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(out.toFile());
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            for (EnvVar e : c.getEnv()) {
                if (e.getValue() != null) {
                    pb.environment().put(e.getName(), e.getValue());
                }
            }
            String serviceUrl = pb.environment().get("SPARSESWEEP_OPERATOR_URL");
            if (serviceUrl == null || !serviceUrl.matches("http://[^/]+\\.svc:\\d+")) {
                throw new IOException("test pod's SPARSESWEEP_OPERATOR_URL is " + serviceUrl);
            }
            pb.environment().put("SPARSESWEEP_OPERATOR_URL", operatorUrl);
            pb.environment().put("KUBECONFIG", kubeconfig.toString());
            pb.environment().putAll(extraEnv);
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                lastOutput = "timed out";
                return Optional.of(SimulatedTrainer.Verdict.fail(1, "timed out", 100));
            }
            lastOutput = Files.readString(out, StandardCharsets.UTF_8);
            // the last line ("PASS all checks" or "FAIL ...") becomes the termination message
            String last = lastOutput.strip().lines().reduce("", (a, b) -> b);
            return Optional.of(
                    p.exitValue() == 0
                            ? SimulatedTrainer.Verdict.succeed(last, 100)
                            : SimulatedTrainer.Verdict.fail(p.exitValue(), last, 100));
        } finally {
            Files.deleteIfExists(kubeconfig);
        }
    }

    @Override
    public void close() {
        runner.close();
    }
}
