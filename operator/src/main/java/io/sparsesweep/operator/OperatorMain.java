package io.sparsesweep.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;

/** Entry point of the operator image: options from the environment the Helm chart sets. */
public final class OperatorMain {
    private OperatorMain() {}

    public static void main(String[] args) throws Exception {
        run(OperatorOptions.fromEnvironment(System.getenv()));
    }

    /** Runs the operator until the JVM is told to stop. */
    public static void run(OperatorOptions options) throws Exception {
        KubernetesClient client = new KubernetesClientBuilder().build();
        SparseSweepOperator operator = SparseSweepOperator.create(client, options);
        operator.installShutdownHook(Duration.ofSeconds(20));
        operator.start();
        Thread.currentThread().join();
    }
}
