package io.sparsesweep.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.kube.KubernetesStatusWriter;
import io.sparsesweep.operator.metrics.SweepMetrics;
import io.sparsesweep.operator.testing.SweepCluster;
import io.sparsesweep.operator.testing.TestSweeps;
import io.sparsesweep.operator.testing.TestingEventRecorder;
import io.sparsesweep.operator.testing.TestingJobGateway;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A trial Job the API server refuses for good (invalid: 400/422; forbidden by a policy: 403) ends
 * the sweep with the API server's own message, instead of the same create failing forever; a full
 * quota (403 "exceeded quota") is retried like any transient failure.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class JobRejectedTest {
    static KubernetesClient client;

    private static final String INVALID =
            "Job.batch \"r-0123abcd-a1\" is invalid: spec.template.spec.containers[0].env[0]"
                    + ".valueFrom.fieldRef.fieldPath: Unsupported value: \"spec.nothing\"";

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "422 | " + INVALID,
                "403 | admission webhook \"policy.example.com\" denied the request: images from"
                        + " docker.io are not allowed",
                "400 | the server rejected our request for an unknown reason"
            })
    void aRefusedCreateFailsTheSweepWithTheApiServersMessage(int code, String message)
            throws Exception {
        SweepCluster cluster = new SweepCluster(client, "research").installCrd();
        TestingJobGateway gateway = new TestingJobGateway();
        gateway.rejectEveryCreate(code, message);
        TestingEventRecorder events = new TestingEventRecorder();
        SparseSweepReconciler reconciler = reconciler(gateway, events);
        SparseSweep sweep = TestSweeps.small();
        String name = "r" + code;
        sweep.getMetadata().setName(name);
        cluster.create(sweep);

        assertThatCode(() -> reconciler.reconcile(cluster.sweep(name), List.of(), 0))
                .as("handled, not thrown for JOSDK to retry")
                .doesNotThrowAnyException();
        SparseSweep s = cluster.sweep(name);
        assertThat(s.getStatus().getPhase()).isEqualTo(SweepPhase.Failed);
        Condition failed =
                s.getStatus().getConditions().stream()
                        .filter(c -> c.getType().equals("Failed"))
                        .findFirst()
                        .orElseThrow();
        assertThat(failed.getStatus()).isEqualTo("True");
        assertThat(failed.getReason()).isEqualTo("TrialJobRejected");
        assertThat(failed.getMessage())
                .startsWith("the API server refused trial Job " + name + "-")
                .contains("(" + code + "): " + message.substring(0, 40));
        assertThat(s.getStatus().getTrials())
                .filteredOn(t -> t.getState() == TrialState.Failed)
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.getMessage()).startsWith("JobRejected: "));
        int creates = gateway.createCalls();
        reconciler.reconcile(cluster.sweep(name), List.of(), 0);
        reconciler.reconcile(cluster.sweep(name), List.of(), 0);
        assertThat(gateway.createCalls()).as("no create is tried again").isEqualTo(creates);
        assertThat(cluster.sweep(name).getStatus().getPhase()).isEqualTo(SweepPhase.Failed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "403 | pods \"x\" is forbidden: exceeded quota: compute, requested: cpu=4",
                "500 | etcdserver: request timed out",
                "429 | too many requests"
            })
    void aFailureARetryMayCureIsRetried(int code, String message) throws Exception {
        SweepCluster cluster = new SweepCluster(client, "research").installCrd();
        TestingJobGateway gateway = new TestingJobGateway();
        gateway.rejectEveryCreate(code, message);
        SparseSweepReconciler reconciler = reconciler(gateway, new TestingEventRecorder());
        SparseSweep sweep = TestSweeps.small();
        String name = "t" + code;
        sweep.getMetadata().setName(name);
        cluster.create(sweep);
        try {
            reconciler.reconcile(cluster.sweep(name), List.of(), 0);
        } catch (RuntimeException expected) {
            // thrown so that JOSDK retries with back-off
        }
        assertThat(cluster.sweep(name).getStatus().getPhase()).isNotEqualTo(SweepPhase.Failed);
        gateway.heal();
        reconciler.reconcile(cluster.sweep(name), List.of(), 0);
        assertThat(gateway.jobs()).isNotEmpty();
    }

    private static SparseSweepReconciler reconciler(
            TestingJobGateway gateway, TestingEventRecorder events) {
        return new SparseSweepReconciler(
                OperatorSettings.defaults().withImages("r:1", "r:1"),
                gateway,
                new KubernetesStatusWriter(client),
                events,
                SweepMetrics.discarding(),
                Clock.systemUTC());
    }
}
