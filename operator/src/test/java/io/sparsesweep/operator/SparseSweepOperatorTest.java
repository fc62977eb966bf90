package io.sparsesweep.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.testing.SweepCluster;
import io.sparsesweep.operator.testing.TestSweeps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** Metric names in the PromQL of helm/sparsesweep/dashboards/sparsesweep.json. */
    private static Set<String> dashboardMetricNames() throws IOException {
        JsonNode dashboard =
                new ObjectMapper()
                        .readTree(
                                Path.of("../helm/sparsesweep/dashboards/sparsesweep.json")
                                        .toFile());
        Set<String> names = new TreeSet<>();
        Pattern metric = Pattern.compile("\\b((?:sparsesweep|jvm|process)_[a-z_]+)\\b");
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = metric.matcher(target.path("expr").asText());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
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
            String sweep = "name=\"live\",namespace=\"research\"";
            String metrics = operator.registry().scrape();
            assertThat(metrics)
                    .contains("sparsesweep_trials{" + sweep + ",state=\"failed\"} 1.0")
                    .contains("sparsesweep_sweep_phase{" + sweep + ",phase=\"Failed\"} 1.0")
                    .contains("sparsesweep_sweep_phase{" + sweep + ",phase=\"Running\"} 0.0")
                    .contains("sparsesweep_sweeps{phase=\"Failed\"} 1.0")
                    .contains("sparsesweep_trial_launches_total{" + sweep + "} 2.0")
                    .contains("sparsesweep_trial_results_unavailable_total{" + sweep + "} 1.0")
                    // the finished attempt's duration and queue wait, as Prometheus histograms
                    .containsPattern(
                            "sparsesweep_trial_duration_seconds_count\\{"
                                    + sweep
                                    + ",outcome=\"failed\"} 1")
                    .containsPattern(
                            "sparsesweep_trial_queue_wait_seconds_count\\{" + sweep + "} 1")
                    .contains(
                            "sparsesweep_trial_queue_wait_seconds_bucket{"
                                    + sweep
                                    + ",le=\"10.0\"}")
                    .contains("sparsesweep_reconcile_errors_total{" + sweep + "}")
                    .contains("operator_sdk_reconciliations");

            // Every series the chart's Grafana dashboard queries is exported.
            assertThat(dashboardMetricNames())
                    .isNotEmpty()
                    .allSatisfy(name -> assertThat(metrics).as("dashboard").contains(name));

            // A deleted sweep takes every one of its series with it.
            client.resources(SparseSweep.class).inNamespace("research").withName("live").delete();
            await(
                    "the deleted sweep's series removed",
                    () -> !operator.registry().scrape().contains(sweep));
            assertThat(operator.registry().scrape())
                    .contains("sparsesweep_sweeps{phase=\"Failed\"} 0.0");
        }
    }
}
