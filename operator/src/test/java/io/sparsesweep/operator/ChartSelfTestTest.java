package io.sparsesweep.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparsesweep.operator.metrics.SweepMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@code helm test} checks against the operator's real metrics server and a mock API server:
 * green when the operator is ready, exports its series and the resource is served; each missing
 * piece named when not.
 */
@EnableKubernetesMockClient
class ChartSelfTestTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private ChartSelfTest selfTest(MetricsServer metrics) {
        return new ChartSelfTest(
                client,
                "http://127.0.0.1:" + metrics.port() + "/",
                Duration.ZERO,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aReadyOperatorAndAServedResourcePass() throws Exception {
        server.expect()
                .get()
                .withPath("/apis/sparsesweep.io/v1alpha1")
                .andReturn(
                        200,
                        new APIResourceListBuilder()
                                .withGroupVersion("sparsesweep.io/v1alpha1")
                                .addNewResource()
                                .withName("sparsesweeps")
                                .withKind("SparseSweep")
                                .withNamespaced(true)
                                .endResource()
                                .addNewResource()
                                .withName("sparsesweeps/status")
                                .withKind("SparseSweep")
                                .withNamespaced(true)
                                .endResource()
                                .build())
                .once();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new SweepMetrics(registry);
        try (MetricsServer metrics = new MetricsServer(0, registry, () -> true)) {
            assertThat(selfTest(metrics).run()).as(printed()).isTrue();
        }
        assertThat(printed())
                .contains("ok   operator ready")
                .contains("ok   operator metrics")
                .contains("ok   SparseSweep served")
                .contains("PASS");
    }

    @Test
    void everyMissingPieceIsNamed() throws Exception {
        // no discovery document: the CRD is not installed
        PrometheusMeterRegistry empty = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MetricsServer metrics = new MetricsServer(0, empty, () -> false)) {
            assertThat(selfTest(metrics).run()).isFalse();
        }
        assertThat(printed())
                .contains("FAIL operator ready: GET /readyz answered 503")
                .contains("FAIL operator metrics: /metrics has no sparsesweep_ series")
                .contains("FAIL SparseSweep served")
                .contains("FAIL operator ready, operator metrics, SparseSweep served");
    }
}
