package io.sparsesweep.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Quantity;
import io.sparsesweep.crd.AcceleratorSpec;
import io.sparsesweep.operator.config.AcceleratorProfile;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.config.OperatorSettingsLoader;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart and the operator agree on config.yaml: the operator's own loader reads what the chart
 * renders, for the defaults and every documented values set.
 */
class OperatorConfigContractTest {
    private static OperatorSettings load(Rendered r) throws IOException {
        ConfigMap cm = r.one("ConfigMap", "ssw-sparsesweep-operator-config", ConfigMap.class);
        return OperatorSettingsLoader.parse(cm.getData().get("config.yaml"), "chart config.yaml");
    }

    @ParameterizedTest
    @MethodSource("io.sparsesweep.helm.Chart#exampleNames")
    void operatorLoadsTheRenderedConfig(String example) throws IOException {
        OperatorSettings s = load(Chart.renderExample(example));

        assertThat(s.trialServiceAccount()).isNotBlank();
        assertThat(s.fittingServiceAccount()).isNotBlank();
        assertThat(s.podSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(s.securityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(s.securityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(s.securityContext().getCapabilities().getDrop()).contains("ALL");
        assertThat(s.tmpSizeLimit()).isEqualTo("1Gi");
        assertThat(s.trainerImage()).isNotBlank();
        assertThat(s.fittingImage())
                .as("the fitting Job runs the operator's image, never the trainer's")
                .startsWith("sparsesweep/operator")
                .isNotEqualTo(s.trainerImage());
        assertThat(s.acceleratorProfiles()).isNotEmpty();
        for (AcceleratorProfile p : s.acceleratorProfiles().values()) {
            assertThat(p.accelerator()).as(p.name()).isNotNull();
            assertThat(p.tolerations())
                    .as("%s tolerates its accelerator's taint", p.name())
                    .anySatisfy(
                            t ->
                                    assertThat(t.getKey())
                                            .isEqualTo(
                                                    p.accelerator().getResource().resourceName()));
        }
    }

    @Test
    void defaults() throws IOException {
        OperatorSettings s = load(Chart.render());

        assertThat(s.watchNamespaces()).isEmpty();
        assertThat(s.defaultParallelism()).isEqualTo(4);
        assertThat(s.jobCreationConcurrency()).isEqualTo(16);
        assertThat(s.trainerImage()).isEqualTo("sparsesweep/runner:0.1.0");
        assertThat(s.imagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(s.kueueQueue()).as("empty value: no queue").isNull();
        assertThat(s.trialServiceAccount()).isEqualTo("ssw-sparsesweep-trial");
        assertThat(s.fittingServiceAccount()).isEqualTo("ssw-sparsesweep-fitting");
        assertThat(s.trainerResources().getRequests())
                .containsEntry("cpu", new Quantity("500m"))
                .containsEntry("memory", new Quantity("1Gi"));
        assertThat(s.fittingResources().getRequests()).containsEntry("cpu", new Quantity("1"));
        assertThat(s.podSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(s.podSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
        assertThat(s.fitCommand()).isEqualTo(OperatorSettings.DEFAULT_FIT_COMMAND);
        assertThat(s.acceleratorProfiles()).containsOnlyKeys("h100", "a100", "l4", "tpu-v5e-8");
        AcceleratorProfile h100 = s.acceleratorProfiles().get("h100");
        assertThat(h100.accelerator().getResource()).isEqualTo(AcceleratorSpec.Kind.NVIDIA_GPU);
        assertThat(h100.accelerator().getCount()).isEqualTo(8);
        assertThat(h100.nodeSelector())
                .containsEntry("cloud.google.com/gke-accelerator", "nvidia-h100-80gb");
        AcceleratorProfile tpu = s.acceleratorProfiles().get("tpu-v5e-8");
        assertThat(tpu.accelerator().getResource()).isEqualTo(AcceleratorSpec.Kind.GOOGLE_TPU);
        assertThat(tpu.nodeSelector()).containsEntry("cloud.google.com/gke-tpu-topology", "2x4");
        assertThat(tpu.resources().getRequests()).containsEntry("memory", new Quantity("180Gi"));
    }

    @Test
    void guardRailsReachTheOperator() throws IOException {
        assertThat(load(Chart.render()).guardRails())
                .as("no limits by default")
                .isEqualTo(io.sparsesweep.operator.config.GuardRails.NONE);
        var rails = load(Chart.renderExample("production.yaml")).guardRails();
        assertThat(rails.allowedImagePrefixes()).containsExactly("registry.example.com/ml/");
        assertThat(rails.allowedTolerationKeys())
                .containsExactly("nvidia.com/gpu", "google.com/tpu");
        assertThat(rails.allowedNodeSelectorKeys()).contains("cloud.google.com/gke-accelerator");
        assertThat(rails.allowedServiceAccounts()).isEmpty();
        assertThat(rails.allowedPriorityClasses()).containsExactly("research-low", "research-high");
        assertThat(rails.allowAffinity()).isFalse();
        assertThat(rails.allowImagePullSecrets()).isFalse();
    }

    @Test
    void valuesSetsReachTheOperator() throws IOException {
        assertThat(load(Chart.renderExample("namespaced.yaml")).watchNamespaces())
                .isEqualTo(Set.of("team-a", "team-b"));
        OperatorSettings kueue = load(Chart.renderExample("kueue.yaml"));
        assertThat(kueue.kueueQueue()).isEqualTo("research-gpu");
        assertThat(kueue.kueuePriorityClass()).isEqualTo("sweep-low");
        OperatorSettings scale = load(Chart.renderExample("scale.yaml"));
        assertThat(scale.defaultParallelism()).isEqualTo(16);
        assertThat(scale.trainerImage())
                .startsWith("registry.example/ml/sparsesweep-runner@sha256:");
        assertThat(scale.imagePullPolicy()).isEqualTo("Always");
        OperatorSettings named = load(Chart.renderExample("sweep-namespaces.yaml"));
        assertThat(named.trialServiceAccount()).isEqualTo("sweep-trial");
        assertThat(named.fittingServiceAccount()).isEqualTo("sweep-fitting");
        OperatorSettings platformUids = load(Chart.renderExample("security-override.yaml"));
        assertThat(platformUids.podSecurityContext().getRunAsUser()).isNull();
        assertThat(platformUids.podSecurityContext().getRunAsNonRoot()).isTrue();
    }

    @Test
    void podTemplatesAndTheirRailsReachTheOperator() throws IOException {
        var defaults = load(Chart.render());
        assertThat(defaults.podTemplate()).as("none by default").isNotNull();
        assertThat(defaults.podTemplate().getLabels()).isNull();
        assertThat(defaults.guardRails().allowAffinity()).isTrue();
        assertThat(defaults.guardRails().allowImagePullSecrets()).isTrue();
        var s =
                load(
                        Chart.render(
                                Map.of(
                                        "sweeps",
                                        Map.of(
                                                "podTemplate",
                                                Map.of(
                                                        "labels",
                                                        Map.of("cost-center", "4711"),
                                                        "priorityClassName",
                                                        "batch-low",
                                                        "imagePullSecrets",
                                                        List.of(Map.of("name", "registry"))),
                                                "guardRails",
                                                Map.of(
                                                        "allowedPriorityClasses",
                                                        List.of("batch-low"),
                                                        "allowImagePullSecrets",
                                                        false)))));
        assertThat(s.podTemplate().getLabels()).containsEntry("cost-center", "4711");
        assertThat(s.podTemplate().getPriorityClassName()).isEqualTo("batch-low");
        assertThat(s.podTemplate().getImagePullSecrets()).hasSize(1);
        assertThat(s.guardRails().allowedPriorityClasses()).containsExactly("batch-low");
        assertThat(s.guardRails().allowImagePullSecrets()).isFalse();
        assertThat(s.guardRails().allowAffinity()).isTrue();
    }
}
