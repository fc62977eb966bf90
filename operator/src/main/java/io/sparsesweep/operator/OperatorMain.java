package io.sparsesweep.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;

/** Entry point of the operator image: options from the environment the Helm chart sets. */
public final class OperatorMain {
    private OperatorMain() {}

    public static void main(String[] args) throws Exception {
        configureLogging(System.getenv().getOrDefault("SPARSESWEEP_LOG_LEVEL", "info"));
        run(OperatorOptions.fromEnvironment(System.getenv()));
    }

    /**
     * One line per log event with an ISO timestamp, level and logger; the operator's own messages
     * carry key=value fields. Must run before the first logger is created.
     */
    public static void configureLogging(String level) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.log.io.fabric8", "warn");
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
