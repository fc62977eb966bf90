package io.sparsesweep.operator.config;

import io.fabric8.kubernetes.api.model.Toleration;
import io.sparsesweep.crd.PodTemplateOptions;
import io.sparsesweep.crd.TrainerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin's limits on what a sweep author may put in {@code spec.trainer} (Helm values {@code
 * sweeps.guardRails}, config.yaml {@code guardRails}), in the spirit of Kubeflow Trainer's
 * admin-owned runtimes: which images, ServiceAccounts, toleration keys and node-selector keys a
 * sweep may name, and in {@code spec.podTemplate} which PriorityClasses and whether affinity and
 * image pull Secrets. An empty list allows anything. What the admin configured elsewhere (the
 * default image, accelerator profiles, the accelerator's own toleration) is not restricted. The
 * chart's ValidatingAdmissionPolicy checks the same lists at admission; this check is the one that
 * always holds.
 *
 * @param allowedImagePrefixes {@code spec.trainer.image} must start with one of these
 * @param allowedServiceAccounts {@code spec.trainer.serviceAccountName} must be one of these
 * @param allowedTolerationKeys every {@code spec.trainer.tolerations} key must be one of these
 * @param allowedNodeSelectorKeys every {@code spec.trainer.nodeSelector} key must be one of these
 * @param allowedPriorityClasses {@code spec.podTemplate.priorityClassName} must be one of these
 * @param allowAffinity whether a sweep may set {@code spec.podTemplate.affinity} (null: yes)
 * @param allowImagePullSecrets whether a sweep may set {@code spec.podTemplate.imagePullSecrets}
 *     (null: yes); a pull Secret lends the sweep credentials of its namespace
 */
public record GuardRails(
        List<String> allowedImagePrefixes,
        List<String> allowedServiceAccounts,
        List<String> allowedTolerationKeys,
        List<String> allowedNodeSelectorKeys,
        List<String> allowedPriorityClasses,
        Boolean allowAffinity,
        Boolean allowImagePullSecrets) {

    /** No limits. */
    public static final GuardRails NONE = new GuardRails(null, null, null, null);

    public GuardRails {
        allowedImagePrefixes = copy(allowedImagePrefixes);
        allowedServiceAccounts = copy(allowedServiceAccounts);
        allowedTolerationKeys = copy(allowedTolerationKeys);
        allowedNodeSelectorKeys = copy(allowedNodeSelectorKeys);
        allowedPriorityClasses = copy(allowedPriorityClasses);
        allowAffinity = allowAffinity == null || allowAffinity;
        allowImagePullSecrets = allowImagePullSecrets == null || allowImagePullSecrets;
    }

    /** Rails on {@code spec.trainer} only; the pod template is unrestricted. */
    public GuardRails(
            List<String> allowedImagePrefixes,
            List<String> allowedServiceAccounts,
            List<String> allowedTolerationKeys,
            List<String> allowedNodeSelectorKeys) {
        this(
                allowedImagePrefixes,
                allowedServiceAccounts,
                allowedTolerationKeys,
                allowedNodeSelectorKeys,
                null,
                null,
                null);
    }

    /**
     * What the sweep's pod template asks for beyond the guard rails, each naming the field; empty:
     * fine. The chart's and the profiles' pod templates are the admin's and not checked.
     */
    public List<String> check(PodTemplateOptions p) {
        List<String> errors = new ArrayList<>();
        if (p == null) {
            return errors;
        }
        String priority = p.getPriorityClassName();
        if (priority != null
                && !allowedPriorityClasses.isEmpty()
                && !allowedPriorityClasses.contains(priority)) {
            errors.add(
                    "spec.podTemplate.priorityClassName: '"
                            + priority
                            + "' is not allowed by the operator's guard rails: use one of "
                            + allowedPriorityClasses);
        }
        if (p.getAffinity() != null && !allowAffinity) {
            errors.add(
                    "spec.podTemplate.affinity: is not allowed by the operator's guard rails"
                            + " (sweeps.guardRails.allowAffinity is false); use an accelerator"
                            + " profile");
        }
        if (p.getImagePullSecrets() != null
                && !p.getImagePullSecrets().isEmpty()
                && !allowImagePullSecrets) {
            errors.add(
                    "spec.podTemplate.imagePullSecrets: "
                            + p.getImagePullSecrets().stream()
                                    .map(r -> r == null ? null : r.getName())
                                    .toList()
                            + " is not allowed by the operator's guard rails"
                            + " (sweeps.guardRails.allowImagePullSecrets is false)");
        }
        return errors;
    }

    private static List<String> copy(List<String> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /**
     * What the trainer spec asks for beyond the guard rails, each naming the field; empty: fine.
     */
    public List<String> check(TrainerSpec t) {
        List<String> errors = new ArrayList<>();
        if (t == null) {
            return errors;
        }
        String image = t.getImage();
        if (image != null
                && !allowedImagePrefixes.isEmpty()
                && allowedImagePrefixes.stream().noneMatch(image::startsWith)) {
            errors.add(
                    "spec.trainer.image: '"
                            + image
                            + "' is not allowed by the operator's guard rails: images must start"
                            + " with one of "
                            + allowedImagePrefixes);
        }
        String sa = t.getServiceAccountName();
        if (sa != null
                && !allowedServiceAccounts.isEmpty()
                && !allowedServiceAccounts.contains(sa)) {
            errors.add(
                    "spec.trainer.serviceAccountName: '"
                            + sa
                            + "' is not allowed by the operator's guard rails: use one of "
                            + allowedServiceAccounts);
        }
        if (!allowedTolerationKeys.isEmpty() && t.getTolerations() != null) {
            for (int i = 0; i < t.getTolerations().size(); i++) {
                Toleration tol = t.getTolerations().get(i);
                String key = tol == null ? null : tol.getKey();
                if (key == null || !allowedTolerationKeys.contains(key)) {
                    errors.add(
                            "spec.trainer.tolerations["
                                    + i
                                    + "].key: '"
                                    + key
                                    + "' is not allowed by the operator's guard rails: use one of "
                                    + allowedTolerationKeys);
                }
            }
        }
        if (!allowedNodeSelectorKeys.isEmpty() && t.getNodeSelector() != null) {
            for (String key : t.getNodeSelector().keySet()) {
                if (!allowedNodeSelectorKeys.contains(key)) {
                    errors.add(
                            "spec.trainer.nodeSelector: key '"
                                    + key
                                    + "' is not allowed by the operator's guard rails: use one of "
                                    + allowedNodeSelectorKeys);
                }
            }
        }
        return errors;
    }
}
