package io.sparsesweep.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sparsesweep.e2e.Testbed;
import io.sparsesweep.operator.OperatorOptions;
import io.sparsesweep.operator.SparseSweepOperator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The operator of an installed release, run in this JVM as the Deployment would run it: the
 * release's config.yaml (read from its ConfigMap), the release's operator ServiceAccount
 * (impersonated, so the chart's RBAC applies), and /metrics, /healthz, /readyz on {@code port}.
 */
final class ChartOperator implements AutoCloseable {
    private final KubernetesClient client;
    private final SparseSweepOperator operator;

    private ChartOperator(KubernetesClient client, SparseSweepOperator operator) {
        this.client = client;
        this.operator = operator;
    }

    static ChartOperator start(Testbed testbed, KubernetesClient admin, int port) throws Exception {
        String prefix = Chart.RELEASE + "-sparsesweep";
        ConfigMap cm =
                admin.configMaps()
                        .inNamespace(Chart.NAMESPACE)
                        .withName(prefix + "-operator-config")
                        .get();
        Path config = Files.createTempFile("chart-operator", ".yaml");
        Files.writeString(config, cm.getData().get("config.yaml"), StandardCharsets.UTF_8);
        Config c = Config.fromKubeconfig(testbed.kubeconfigYaml());
        c.setImpersonateUsername(
                "system:serviceaccount:" + Chart.NAMESPACE + ":" + prefix + "-operator");
        c.setImpersonateGroups(
                "system:serviceaccounts", "system:serviceaccounts:" + Chart.NAMESPACE);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(c).build();
        SparseSweepOperator operator =
                SparseSweepOperator.create(
                        client,
                        new OperatorOptions(
                                config, null, false, "unused", Chart.NAMESPACE, null, port, null));
        operator.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!operator.ready() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return new ChartOperator(client, operator);
    }

    @Override
    public void close() {
        try {
            operator.close();
        } finally {
            client.close();
        }
    }
}
