package io.sparsesweep.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.config.OperatorSettingsLoader;
import io.sparsesweep.operator.controller.SparseSweepReconciler;
import io.sparsesweep.operator.kube.KubernetesEventRecorder;
import io.sparsesweep.operator.kube.KubernetesJobGateway;
import io.sparsesweep.operator.kube.KubernetesStatusWriter;
import io.sparsesweep.operator.kube.KubernetesWorkloadGateway;
import io.sparsesweep.operator.metrics.SweepMetrics;
import java.time.Clock;

/**
 * The operator's reconciler on JOSDK, inside the test JVM, talking to the test bed as the chart's
 * operator ServiceAccount (impersonated: RBAC from the chart is enforced) with the chart's
 * settings. Equivalent to the Deployment's process, minus leader election and metrics serving.
 */
final class InJvmOperator implements AutoCloseable {
    private final KubernetesClient client;
    private final Operator operator;

    private InJvmOperator(KubernetesClient client, Operator operator) {
        this.client = client;
        this.operator = operator;
    }

    static InJvmOperator start(Testbed testbed, ChartInstall chart) throws Exception {
        Config config = Config.fromKubeconfig(testbed.kubeconfigYaml());
        config.setImpersonateUsername(
                "system:serviceaccount:"
                        + ChartInstall.NAMESPACE
                        + ":"
                        + chart.operatorServiceAccount);
        config.setImpersonateGroups(
                "system:serviceaccounts", "system:serviceaccounts:" + ChartInstall.NAMESPACE);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        OperatorSettings settings =
                OperatorSettingsLoader.parse(chart.operatorConfigYaml, "chart ConfigMap");
        SparseSweepReconciler reconciler =
                new SparseSweepReconciler(
                        settings,
                        new KubernetesJobGateway(client),
                        new KubernetesWorkloadGateway(client),
                        new KubernetesStatusWriter(client),
                        new KubernetesEventRecorder(client),
                        SweepMetrics.discarding(),
                        Clock.systemUTC());
        Operator operator =
                new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
        operator.register(
                reconciler,
                c -> {
                    if (settings.watchNamespaces().isEmpty()) {
                        c.watchingAllNamespaces();
                    } else {
                        c.settingNamespaces(settings.watchNamespaces());
                    }
                });
        operator.start();
        return new InJvmOperator(client, operator);
    }

    @Override
    public void close() {
        try {
            operator.stop();
        } finally {
            client.close();
        }
    }
}
