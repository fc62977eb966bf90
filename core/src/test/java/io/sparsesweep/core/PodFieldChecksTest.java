package io.sparsesweep.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.sparsesweep.crd.KubeSyntax;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.TrainerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pod fields that used to pass every check and then failed every Job create: each is now an error
 * naming the field, found before anything is launched.
 */
class PodFieldChecksTest {
    private static List<String> errors(java.util.function.Consumer<TrainerSpec> edit) {
        SparseSweep s = Sweeps.lm();
        edit.accept(s.getSpec().getTrainer());
        return SpecValidator.validate(s);
    }

    @Test
    void envEntriesNeedAValidName() {
        assertThat(errors(t -> t.setEnv(new ArrayList<>(List.of(new EnvVar(null, "x", null))))))
                .containsExactly("spec.trainer.env[0].name: is required");
        assertThat(
                        errors(
                                t ->
                                        t.setEnv(
                                                new ArrayList<>(
                                                        List.of(
                                                                new EnvVar("OK", "1", null),
                                                                new EnvVar("1BAD", "x", null))))))
                .singleElement()
                .asString()
                .startsWith("spec.trainer.env[1].name: '1BAD' is not a variable name");
        EnvVar both =
                new EnvVarBuilder()
                        .withName("X")
                        .withValue("1")
                        .withNewValueFrom()
                        .withNewFieldRef()
                        .withFieldPath("metadata.name")
                        .endFieldRef()
                        .endValueFrom()
                        .build();
        assertThat(errors(t -> t.setEnv(new ArrayList<>(List.of(both)))))
                .containsExactly("spec.trainer.env[0]: sets both value and valueFrom");
    }

    @Test
    void quantitiesMustParseAndRequestsStayWithinLimits() {
        assertThat(
                        errors(
                                t ->
                                        t.setResources(
                                                new ResourceRequirementsBuilder()
                                                        .addToRequests("cpu", new Quantity("lots"))
                                                        .addToLimits("memory", new Quantity("16Gi"))
                                                        .build())))
                .containsExactly(
                        "spec.trainer.resources.requests.cpu: 'lots' is not a quantity (e.g. 4,"
                                + " 500m, 16Gi)");
        assertThat(
                        errors(
                                t ->
                                        t.setResources(
                                                new ResourceRequirementsBuilder()
                                                        .addToRequests(
                                                                "memory", new Quantity("32Gi"))
                                                        .addToLimits("memory", new Quantity("16Gi"))
                                                        .addToLimits("cpu", new Quantity("-1"))
                                                        .build())))
                .containsExactlyInAnyOrder(
                        "spec.trainer.resources.requests.memory: 32Gi exceeds the limit 16Gi",
                        "spec.trainer.resources.limits.cpu: '-1' is negative");
        assertThat(
                        errors(
                                t ->
                                        t.setResources(
                                                new ResourceRequirementsBuilder()
                                                        .addToRequests("cpu", new Quantity("500m"))
                                                        .addToRequests(
                                                                "memory", new Quantity("1.5Gi"))
                                                        .addToLimits("cpu", new Quantity("2"))
                                                        .addToLimits(
                                                                "nvidia.com/gpu", new Quantity("1"))
                                                        .build())))
                .isEmpty();
    }

    @Test
    void tolerationsUseTheAPIServersOperatorsAndEffects() {
        assertThat(
                        errors(
                                t ->
                                        t.setTolerations(
                                                new ArrayList<>(
                                                        List.of(
                                                                new TolerationBuilder()
                                                                        .withKey("gpu")
                                                                        .withOperator("Sometimes")
                                                                        .withEffect("NoSleep")
                                                                        .build())))))
                .containsExactly(
                        "spec.trainer.tolerations[0].operator: 'Sometimes' is not Exists or Equal",
                        "spec.trainer.tolerations[0].effect: 'NoSleep' is not NoSchedule,"
                                + " PreferNoSchedule or NoExecute");
        assertThat(
                        errors(
                                t ->
                                        t.setTolerations(
                                                new ArrayList<>(
                                                        List.of(
                                                                new TolerationBuilder()
                                                                        .withOperator("Equal")
                                                                        .withValue("x")
                                                                        .build(),
                                                                new TolerationBuilder()
                                                                        .withKey("k")
                                                                        .withOperator("Exists")
                                                                        .withValue("v")
                                                                        .withTolerationSeconds(30L)
                                                                        .build())))))
                .containsExactly(
                        "spec.trainer.tolerations[0].operator: must be Exists when key is empty",
                        "spec.trainer.tolerations[1].value: must be empty when operator is Exists",
                        "spec.trainer.tolerations[1].tolerationSeconds: only applies to effect"
                                + " NoExecute");
    }

    @Test
    void namesAndSelectorsFollowKubernetesSyntax() {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put("cloud.google.com/gke-accelerator", "nvidia-h100-80gb");
        selector.put("bad key", "x");
        selector.put("pool", "has space");
        assertThat(
                        errors(
                                t -> {
                                    t.setServiceAccountName("Trainer_SA");
                                    t.setCheckpointVolumeClaim("ckpt/../x");
                                    t.setNodeSelector(selector);
                                }))
                .containsExactly(
                        "spec.trainer.nodeSelector: 'bad key' is not a label key",
                        "spec.trainer.nodeSelector.pool: 'has space' is not a label value",
                        "spec.trainer.serviceAccountName: 'Trainer_SA' is not a valid name"
                                + " (lower-case letters, digits, '-' and '.')",
                        "spec.trainer.checkpointVolumeClaim: 'ckpt/../x' is not a valid name"
                                + " (lower-case letters, digits, '-' and '.')");
    }

    @Test
    void kubeSyntaxAgreesWithTheApiServerOnTypicalValues() {
        for (String ok : List.of("4", "500m", "16Gi", "1.5", ".5", "1e3", "2E-3", "0", "+1")) {
            assertThat(KubeSyntax.quantity(ok)).as(ok).isTrue();
        }
        for (String bad : List.of("lots", "", "1.5.5", "16 Gi", "16gi", "Gi", "0x10", "1_000")) {
            assertThat(KubeSyntax.quantity(bad)).as(bad).isFalse();
        }
        assertThat(KubeSyntax.labelKey("a".repeat(63))).isTrue();
        assertThat(KubeSyntax.labelKey("a".repeat(64))).isFalse();
        assertThat(KubeSyntax.labelKey("example.com/" + "a".repeat(63))).isTrue();
        assertThat(KubeSyntax.labelValue("")).isTrue();
        assertThat(KubeSyntax.dnsSubdomain("my.sa-1")).isTrue();
        assertThat(KubeSyntax.dnsSubdomain("-sa")).isFalse();
    }
}
