package io.sparsesweep.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's ValidatingAdmissionPolicies as rendered: the one confining the operator's
 * ServiceAccount to sweep-labelled objects, and the admin's guard rails on sweeps. HelmInstallIT
 * sends real requests through both on the real API server.
 */
class AdmissionPolicyTest {
    private static final String CONFINEMENT = "ssw-sparsesweep-operator-confinement";
    private static final String GUARD_RAILS = "ssw-sparsesweep-sweep-guard-rails";

    private static ValidatingAdmissionPolicy policy(Rendered r, String name) {
        return r.one("ValidatingAdmissionPolicy", name, ValidatingAdmissionPolicy.class);
    }

    @Test
    void theOperatorIsConfinedInEveryModeByDefault() {
        for (String example : List.of("default", "namespaced.yaml", "production.yaml")) {
            Rendered r = Chart.renderExample(example);
            ValidatingAdmissionPolicy p = policy(r, CONFINEMENT);
            assertThat(p.getSpec().getFailurePolicy()).isEqualTo("Fail");
            assertThat(p.getSpec().getMatchConditions())
                    .singleElement()
                    .satisfies(
                            c ->
                                    assertThat(c.getExpression())
                                            .isEqualTo(
                                                    "request.userInfo.username =="
                                                            + " 'system:serviceaccount:sparsesweep-system:"
                                                            + RbacTest.OPERATOR_SA
                                                            + "'"));
            assertThat(
                            p.getSpec().getMatchConstraints().getResourceRules().stream()
                                    .flatMap(rule -> rule.getResources().stream())
                                    .toList())
                    .containsExactlyInAnyOrder("jobs", "configmaps", "events");
            List<String> rules =
                    p.getSpec().getValidations().stream().map(Validation::getExpression).toList();
            assertThat(rules)
                    .anySatisfy(
                            e ->
                                    assertThat(e)
                                            .contains(
                                                    "kube-system",
                                                    "kube-public",
                                                    "kube-node-lease"))
                    .anySatisfy(e -> assertThat(e).contains("variables.labelled"))
                    .anySatisfy(e -> assertThat(e).contains("o.kind == 'SparseSweep'"))
                    .anySatisfy(
                            e -> assertThat(e).contains("involvedObject.kind == 'SparseSweep'"));
            ValidatingAdmissionPolicyBinding b =
                    r.one(
                            "ValidatingAdmissionPolicyBinding",
                            CONFINEMENT,
                            ValidatingAdmissionPolicyBinding.class);
            assertThat(b.getSpec().getPolicyName()).isEqualTo(CONFINEMENT);
            assertThat(b.getSpec().getValidationActions()).containsExactly("Deny");
        }
    }

    @Test
    void withJobSetsOnTheOperatorsJobSetsAreConfinedLikeItsJobs() {
        ValidatingAdmissionPolicy p = policy(Chart.renderExample("accelerators.yaml"), CONFINEMENT);
        assertThat(
                        p.getSpec().getMatchConstraints().getResourceRules().stream()
                                .flatMap(rule -> rule.getResources().stream())
                                .toList())
                .containsExactlyInAnyOrder("jobs", "jobsets", "configmaps", "events");
        assertThat(p.getSpec().getValidations().stream().map(Validation::getExpression))
                .anySatisfy(
                        e ->
                                assertThat(e)
                                        .contains("['jobs', 'jobsets']")
                                        .contains("o.kind == 'SparseSweep'"));
    }

    @Test
    void thePolicyCanBeSwitchedOffForClustersBefore130() {
        Rendered r =
                Chart.render(
                        Map.of(
                                "rbac",
                                Map.of("operatorAdmissionPolicy", Map.of("enabled", false))));
        assertThat(r.ofKind("ValidatingAdmissionPolicy")).isEmpty();
        assertThat(r.ofKind("ValidatingAdmissionPolicyBinding")).isEmpty();
    }

    @Test
    void guardRailsBecomeAPolicyOnlyWhenSet() {
        assertThat(Chart.render().has("ValidatingAdmissionPolicy", GUARD_RAILS)).isFalse();
        ValidatingAdmissionPolicy p = policy(Chart.renderExample("production.yaml"), GUARD_RAILS);
        assertThat(p.getSpec().getMatchConstraints().getResourceRules())
                .singleElement()
                .satisfies(rule -> assertThat(rule.getResources()).containsExactly("sparsesweeps"));
        assertThat(p.getSpec().getValidations().stream().map(Validation::getExpression))
                .containsExactly(
                        "!has(object.spec.trainer.image) ||"
                                + " [\"registry.example.com/ml/\"].exists(p,"
                                + " object.spec.trainer.image.startsWith(p))",
                        "!has(object.spec.trainer.tolerations) ||"
                                + " object.spec.trainer.tolerations.all(t, has(t.key) && t.key in"
                                + " [\"nvidia.com/gpu\",\"google.com/tpu\"])",
                        "!has(object.spec.trainer.nodeSelector) ||"
                                + " object.spec.trainer.nodeSelector.all(k, k in"
                                + " [\"cloud.google.com/gke-accelerator\",\"cloud.google.com/gke-tpu-accelerator\",\"cloud.google.com/gke-tpu-topology\",\"cloud.google.com/gke-spot\"])",
                        "!has(object.spec.podTemplate) ||"
                                + " !has(object.spec.podTemplate.priorityClassName) ||"
                                + " object.spec.podTemplate.priorityClassName in"
                                + " [\"research-low\",\"research-high\"]",
                        "!has(object.spec.podTemplate) || !has(object.spec.podTemplate.affinity)",
                        "!has(object.spec.podTemplate) ||"
                                + " !has(object.spec.podTemplate.imagePullSecrets) ||"
                                + " size(object.spec.podTemplate.imagePullSecrets) == 0");
        Rendered off =
                Chart.render(
                        Map.of(
                                "sweeps",
                                Map.of(
                                        "guardRails",
                                        Map.of(
                                                "allowedImagePrefixes",
                                                List.of("r.example/"),
                                                "admissionPolicy",
                                                false))));
        assertThat(off.has("ValidatingAdmissionPolicy", GUARD_RAILS))
                .as("the operator still enforces them; admission does not")
                .isFalse();
    }

    @Test
    void podTemplateRailsBecomePolicyRules() {
        Rendered r =
                Chart.render(
                        Map.of(
                                "sweeps",
                                Map.of(
                                        "guardRails",
                                        Map.of(
                                                "allowedPriorityClasses",
                                                List.of("research-low"),
                                                "allowAffinity",
                                                false,
                                                "allowImagePullSecrets",
                                                false))));
        assertThat(policy(r, GUARD_RAILS).getSpec().getValidations())
                .extracting(Validation::getExpression)
                .containsExactly(
                        "!has(object.spec.podTemplate) ||"
                                + " !has(object.spec.podTemplate.priorityClassName) ||"
                                + " object.spec.podTemplate.priorityClassName in"
                                + " [\"research-low\"]",
                        "!has(object.spec.podTemplate) || !has(object.spec.podTemplate.affinity)",
                        "!has(object.spec.podTemplate) ||"
                                + " !has(object.spec.podTemplate.imagePullSecrets) ||"
                                + " size(object.spec.podTemplate.imagePullSecrets) == 0");
    }
}
