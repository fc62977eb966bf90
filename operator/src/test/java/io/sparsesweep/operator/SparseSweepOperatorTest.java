package io.sparsesweep.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.testing.SweepCluster;
import io.sparsesweep.operator.testing.TestSweeps;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The whole operator (JOSDK, informers, metrics) on the mock server: the informer on Jobs must
 * bring a finished Job back to its sweep without a resync.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class SparseSweepOperatorTest {
    static KubernetesClient client;

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void operatorReconcilesOnEventsAndExportsMetrics() throws Exception {
        SweepCluster cluster = new SweepCluster(client, "research").installCrd();
        OperatorOptions options =
                new OperatorOptions(null, Set.of("research"), false, "l", null, null, 0, null);
        try (SparseSweepOperator operator =
                new SparseSweepOperator(
                        client,
                        OperatorSettings.defaults()
                                .withWatchNamespaces(Set.of("research"))
                                .withMaxActiveTrials(10),
                        options)) {
            operator.start();
            await("operator ready", operator::ready);
            SparseSweep s = TestSweeps.small();
            s.getMetadata().setName("live");
            cluster.create(s);
            await("2 trial Jobs", () -> cluster.trialJobs("live").size() == 2);
            await(
                    "status Running",
                    () -> {
                        SparseSweep now = cluster.sweep("live");
                        return now.getStatus() != null
                                && now.getStatus().getPhase() == SweepPhase.Running;
                    });

            cluster.succeed(cluster.trialJobs("live").get(0), null);
            await(
                    "sweep failed on the result-less trial",
                    () -> cluster.sweep("live").getStatus().getPhase() == SweepPhase.Failed);

            // Gauges follow the status once it is written (OutcomeReporter), a moment after it.
            await(
                    "metrics of the failed sweep",
                    () ->
                            operator.registry()
                                    .scrape()
                                    .contains("sparsesweep_sweeps{phase=\"Failed\"} 1.0"));
            String metrics = operator.registry().scrape();
            assertThat(metrics)
                    .contains("sparsesweep_trials{state=\"failed\"} 1.0")
                    .contains("sparsesweep_sweeps{phase=\"Failed\"} 1.0")
                    .contains("sparsesweep_trial_launches_total")
                    .contains("operator_sdk_reconciliations");
        }
    }
}
