package io.sparsesweep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparsesweep.crd.PodTemplateOptions;
import io.sparsesweep.crd.SparseSweep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.podTemplate}: every bad key, value or term is an error naming the field and the
 * value, and the operator's own keys are refused.
 */
class PodTemplateChecksTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<String> errors(String podTemplate) {
        SparseSweep s = Sweeps.lm();
        try {
            s.getSpec().setPodTemplate(YAML.readValue(podTemplate, PodTemplateOptions.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SpecValidator.validate(s);
    }

    @Test
    void aManifestWithABadPodTemplateIsRefusedAtItsLine() {
        String yaml = Sweeps.LM + "  podTemplate:\n    priorityClassName: High\n";
        assertThatThrownBy(() -> SweepManifests.parse(yaml, "sweep.yaml"))
                .hasMessageContaining("sweep.yaml:31:")
                .hasMessageContaining("spec.podTemplate.priorityClassName: 'High'");
    }

    @Test
    void aFullPodTemplateIsValid() {
        assertThat(
                        errors(
                                """
                                labels: {team: vision, cost-center: "4711"}
                                annotations:
                                  kueue.x-k8s.io/podset-required-topology: cloud.google.com/gke-nodepool
                                  provreq.kueue.x-k8s.io/maxRunDurationSeconds: "3600"
                                priorityClassName: research-low
                                imagePullSecrets: [{name: registry-creds}]
                                affinity:
                                  nodeAffinity:
                                    preferredDuringSchedulingIgnoredDuringExecution:
                                    - weight: 50
                                      preference:
                                        matchExpressions:
                                        - {key: topology.kubernetes.io/zone, operator: In, values: [us-central2-b]}
                                  podAntiAffinity:
                                    requiredDuringSchedulingIgnoredDuringExecution:
                                    - topologyKey: kubernetes.io/hostname
                                      labelSelector:
                                        matchLabels: {sparsesweep.io/role: trial}
                                """))
                .isEmpty();
    }

    @Test
    void operatorOwnedKeysAreRefusedNamingTheKey() {
        assertThat(errors("labels: {sparsesweep.io/sweep: other}"))
                .containsExactly(
                        "spec.podTemplate.labels: 'sparsesweep.io/sweep' is set by the operator"
                                + " and cannot be set here");
        assertThat(errors("labels: {kueue.x-k8s.io/queue-name: q}"))
                .containsExactly(
                        "spec.podTemplate.labels: 'kueue.x-k8s.io/queue-name' is set by the"
                                + " operator and cannot be set here (use spec.queueName)");
        assertThat(errors("annotations: {alpha.jobset.sigs.k8s.io/exclusive-topology: zone}"))
                .containsExactly(
                        "spec.podTemplate.annotations: 'alpha.jobset.sigs.k8s.io/exclusive-topology'"
                                + " is set by the operator and cannot be set here");
        assertThat(errors("annotations: {batch.kubernetes.io/job-tracking: x}")).hasSize(1);
    }

    @Test
    void keySyntaxAndLabelValuesFollowTheApiServer() {
        assertThat(errors("labels: {\"bad key\": x}"))
                .singleElement()
                .asString()
                .startsWith("spec.podTemplate.labels: 'bad key' is not a label key");
        assertThat(errors("labels: {team: \"-vision\"}"))
                .singleElement()
                .asString()
                .startsWith("spec.podTemplate.labels.team: '-vision' is not a label value");
        assertThat(errors("labels: {team: " + "a".repeat(64) + "}")).hasSize(1);
        assertThat(errors("annotations: {\"Example.com/x\": y}"))
                .singleElement()
                .asString()
                .startsWith(
                        "spec.podTemplate.annotations: 'Example.com/x' is not an annotation key");
        // annotation values may be anything, long ones included, up to the API server's total
        assertThat(errors("annotations: {example.com/note: \"any text: 1 2 3\"}")).isEmpty();
        assertThat(errors("annotations: {example.com/a: " + "x".repeat(300_000) + "}"))
                .singleElement()
                .asString()
                .contains("more than the API server's 262144");
    }

    @Test
    void namesAreDnsSubdomains() {
        assertThat(errors("priorityClassName: High_Priority"))
                .containsExactly(
                        "spec.podTemplate.priorityClassName: 'High_Priority' is not a valid name"
                                + " (lower-case letters, digits, '-' and '.')");
        assertThat(errors("imagePullSecrets: [{name: Regcred}]"))
                .containsExactly(
                        "spec.podTemplate.imagePullSecrets[0].name: 'Regcred' is not a valid name"
                                + " (lower-case letters, digits, '-' and '.')");
        assertThat(errors("imagePullSecrets: [{}]"))
                .containsExactly("spec.podTemplate.imagePullSecrets[0].name: is required");
    }

    @Test
    void affinityTermsAreChecked() {
        String node =
                """
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                      - matchExpressions:
                        - {key: zone, operator: Within, values: [a]}
                        - {key: zone, operator: In}
                        - {key: gpus, operator: Gt, values: ["2"]}
                        - {key: zone, operator: Exists, values: [a]}
                """;
        assertThat(errors(node))
                .containsExactly(
                        "spec.podTemplate.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator:"
                                + " 'Within' is not one of [DoesNotExist, Exists, Gt, In, Lt,"
                                + " NotIn]",
                        "spec.podTemplate.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values:"
                                + " In needs at least one value",
                        "spec.podTemplate.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[3].values:"
                                + " must be empty for Exists");
        String pod =
                """
                affinity:
                  podAffinity:
                    preferredDuringSchedulingIgnoredDuringExecution:
                    - weight: 101
                      podAffinityTerm:
                        labelSelector: {matchLabels: {app: x}}
                """;
        assertThat(errors(pod))
                .containsExactly(
                        "spec.podTemplate.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight:"
                                + " '101' is not between 1 and 100",
                        "spec.podTemplate.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey:"
                                + " is required (e.g. kubernetes.io/hostname)");
    }
}
