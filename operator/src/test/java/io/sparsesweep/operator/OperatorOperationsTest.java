package io.sparsesweep.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.testing.SweepCluster;
import io.sparsesweep.operator.testing.TestSweeps;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Leader election on a Lease and the metrics/probe endpoint, on the mock server. */
@EnableKubernetesMockClient(crud = true, https = false)
class OperatorOperationsTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String holder() {
        Lease lease = client.leases().inNamespace("research").withName("ssw-leader").get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void onlyTheLeaseHolderReconcilesAndMetricsAndProbesAreServed() throws Exception {
        // JOSDK checks Lease permissions with a SelfSubjectRulesReview, which the mock cannot
        // evaluate.
        server.expect()
                .post()
                .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(
                        201,
                        new SelfSubjectRulesReviewBuilder()
                                .withNewStatus()
                                .withResourceRules(
                                        new ResourceRuleBuilder()
                                                .withApiGroups("coordination.k8s.io")
                                                .withResources("leases")
                                                .withVerbs("*")
                                                .build())
                                .withIncomplete(false)
                                .endStatus()
                                .build())
                .always();
        SweepCluster cluster = new SweepCluster(client, "research").installCrd();
        OperatorSettings settings =
                OperatorSettings.defaults().withWatchNamespaces(Set.of("research"));
        int port = freePort();
        try (SparseSweepOperator a =
                        new SparseSweepOperator(
                                client,
                                settings,
                                new OperatorOptions(
                                        null,
                                        null,
                                        true,
                                        "ssw-leader",
                                        "research",
                                        "replica-a",
                                        port,
                                        null),
                                false);
                SparseSweepOperator b =
                        new SparseSweepOperator(
                                client,
                                settings,
                                new OperatorOptions(
                                        null,
                                        null,
                                        true,
                                        "ssw-leader",
                                        "research",
                                        "replica-b",
                                        0,
                                        null),
                                false)) {
            a.start();
            await("replica-a holds the Lease", () -> "replica-a".equals(holder()));
            b.start();

            SparseSweep s = TestSweeps.small();
            s.getMetadata().setName("led");
            cluster.create(s);
            await("the leader launches trials", () -> cluster.trialJobs("led").size() == 2);
            Thread.sleep(2500);
            assertThat(holder())
                    .as("the standby does not take a held Lease")
                    .isEqualTo("replica-a");

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> metrics =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://localhost:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains(
                            "sparsesweep_trials{name=\"led\",namespace=\"research\",state=\"running\"}"
                                    + " 2.0");
            HttpResponse<String> health =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://localhost:" + port + "/healthz"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            await("ready", a::ready);
            HttpResponse<String> ready =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://localhost:" + port + "/readyz"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
        }
    }
}
