package io.sparsesweep.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.sparsesweep.crd.PodTemplateOptions;
import io.sparsesweep.crd.TrainerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardRailsTest {
    private static final GuardRails RAILS =
            new GuardRails(
                    List.of("registry.example.com/ml/"),
                    List.of("ml-trainer"),
                    List.of("nvidia.com/gpu"),
                    List.of("cloud.google.com/gke-accelerator"));

    private static TrainerSpec trainer() {
        TrainerSpec t = new TrainerSpec();
        t.setImage("registry.example.com/ml/runner:1");
        t.setServiceAccountName("ml-trainer");
        t.setTolerations(
                new ArrayList<>(
                        List.of(
                                new TolerationBuilder()
                                        .withKey("nvidia.com/gpu")
                                        .withOperator("Exists")
                                        .build())));
        t.setNodeSelector(
                new LinkedHashMap<>(Map.of("cloud.google.com/gke-accelerator", "nvidia-l4")));
        return t;
    }

    @Test
    void whatTheRailsAllowPasses() {
        assertThat(RAILS.check(trainer())).isEmpty();
        TrainerSpec unset = new TrainerSpec();
        assertThat(RAILS.check(unset)).as("the operator's defaults are the admin's").isEmpty();
    }

    @Test
    void everyFieldOutsideTheRailsIsNamed() {
        TrainerSpec t = trainer();
        t.setImage("docker.io/someone/miner:latest");
        t.setServiceAccountName("default");
        t.getTolerations().add(new TolerationBuilder().withOperator("Exists").build());
        t.getNodeSelector().put("kubernetes.io/hostname", "node-7");
        assertThat(RAILS.check(t))
                .containsExactly(
                        "spec.trainer.image: 'docker.io/someone/miner:latest' is not allowed by"
                                + " the operator's guard rails: images must start with one of"
                                + " [registry.example.com/ml/]",
                        "spec.trainer.serviceAccountName: 'default' is not allowed by the"
                                + " operator's guard rails: use one of [ml-trainer]",
                        "spec.trainer.tolerations[1].key: 'null' is not allowed by the"
                                + " operator's guard rails: use one of [nvidia.com/gpu]",
                        "spec.trainer.nodeSelector: key 'kubernetes.io/hostname' is not allowed by"
                                + " the operator's guard rails: use one of"
                                + " [cloud.google.com/gke-accelerator]");
    }

    @Test
    void emptyListsAllowAnything() {
        TrainerSpec t = trainer();
        t.setImage("anything:1");
        assertThat(GuardRails.NONE.check(t)).isEmpty();
    }

    @Test
    void theConfigFileCarriesThem() throws Exception {
        OperatorSettings s =
                OperatorSettingsLoader.parse(
                        "version: 1\nguardRails:\n  allowedImagePrefixes: [\"r.example/\"]\n"
                                + "  allowedServiceAccounts: []\n",
                        "cfg");
        assertThat(s.guardRails().allowedImagePrefixes()).containsExactly("r.example/");
        assertThat(s.guardRails().allowedServiceAccounts()).isEmpty();
        assertThat(OperatorSettings.defaults().guardRails()).isEqualTo(GuardRails.NONE);
    }

    private static final GuardRails POD_RAILS =
            new GuardRails(null, null, null, null, List.of("research-low"), false, false);

    private static PodTemplateOptions podTemplate() {
        PodTemplateOptions p = new PodTemplateOptions();
        p.setPriorityClassName("research-low");
        p.setLabels(Map.of("team", "vision"));
        return p;
    }

    @Test
    void podTemplateWithinTheRailsPasses() {
        assertThat(POD_RAILS.check(podTemplate())).isEmpty();
        assertThat(POD_RAILS.check((PodTemplateOptions) null)).isEmpty();
        assertThat(POD_RAILS.check(new PodTemplateOptions())).isEmpty();
    }

    @Test
    void podTemplateOutsideTheRailsIsNamed() {
        PodTemplateOptions p = podTemplate();
        p.setPriorityClassName("system-cluster-critical");
        p.setAffinity(new AffinityBuilder().withNewNodeAffinity().endNodeAffinity().build());
        p.setImagePullSecrets(List.of(new LocalObjectReference("prod-registry")));
        assertThat(POD_RAILS.check(p))
                .containsExactly(
                        "spec.podTemplate.priorityClassName: 'system-cluster-critical' is not"
                                + " allowed by the operator's guard rails: use one of"
                                + " [research-low]",
                        "spec.podTemplate.affinity: is not allowed by the operator's guard rails"
                                + " (sweeps.guardRails.allowAffinity is false); use an"
                                + " accelerator profile",
                        "spec.podTemplate.imagePullSecrets: [prod-registry] is not allowed by the"
                                + " operator's guard rails (sweeps.guardRails.allowImagePullSecrets"
                                + " is false)");
        assertThat(GuardRails.NONE.check(p)).as("by default everything is allowed").isEmpty();
    }

    @Test
    void theConfigFileCarriesThePodTemplateRails() throws Exception {
        OperatorSettings s =
                OperatorSettingsLoader.parse(
                        "version: 1\nguardRails:\n  allowedPriorityClasses: [low]\n"
                                + "  allowAffinity: false\n",
                        "cfg");
        assertThat(s.guardRails().allowedPriorityClasses()).containsExactly("low");
        assertThat(s.guardRails().allowAffinity()).isFalse();
        assertThat(s.guardRails().allowImagePullSecrets()).isTrue();
        assertThatThrownBy(
                        () ->
                                OperatorSettingsLoader.parse(
                                        "version: 1\nguardRails:\n  allowAffinity: \"no\"\n",
                                        "cfg"))
                .hasMessageContaining("guardRails.allowAffinity: must be true or false");
    }

    @Test
    void theChartsAndProfilesPodTemplatesAreReadAndChecked() throws Exception {
        OperatorSettings s =
                OperatorSettingsLoader.parse(
                        """
                        version: 1
                        defaults:
                          podTemplate:
                            labels: {cost-center: "4711"}
                            imagePullSecrets: [{name: registry}]
                        acceleratorProfiles:
                          slice:
                            podTemplate:
                              annotations: {kueue.x-k8s.io/podset-required-topology: cloud.google.com/gke-nodepool}
                        """,
                        "config.yaml");
        assertThat(s.podTemplate().getLabels()).containsEntry("cost-center", "4711");
        assertThat(s.acceleratorProfiles().get("slice").podTemplate().getAnnotations())
                .containsKey("kueue.x-k8s.io/podset-required-topology");
        assertThatThrownBy(
                        () ->
                                OperatorSettingsLoader.parse(
                                        """
                                        version: 1
                                        defaults:
                                          podTemplate:
                                            labels: {sparsesweep.io/sweep: x}
                                        """,
                                        "config.yaml"))
                .hasMessageContaining(
                        "defaults.podTemplate.labels: 'sparsesweep.io/sweep' is set by the"
                                + " operator");
    }
}
