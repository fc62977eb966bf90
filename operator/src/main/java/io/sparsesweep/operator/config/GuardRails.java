package io.sparsesweep.operator.config;

import io.fabric8.kubernetes.api.model.Toleration;
import io.sparsesweep.crd.TrainerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin's limits on what a sweep author may put in {@code spec.trainer} (Helm values {@code
 * sweeps.guardRails}, config.yaml {@code guardRails}), in the spirit of Kubeflow Trainer's
 * admin-owned runtimes: which images, ServiceAccounts, toleration keys and node-selector keys a
 * sweep may name. An empty list allows anything. What the admin configured elsewhere (the default
 * image, accelerator profiles, the accelerator's own toleration) is not restricted. The chart's
 * ValidatingAdmissionPolicy checks the same lists at admission; this check is the one that always
 * holds.
 *
 * @param allowedImagePrefixes {@code spec.trainer.image} must start with one of these
 * @param allowedServiceAccounts {@code spec.trainer.serviceAccountName} must be one of these
 * @param allowedTolerationKeys every {@code spec.trainer.tolerations} key must be one of these
 * @param allowedNodeSelectorKeys every {@code spec.trainer.nodeSelector} key must be one of these
 */
public record GuardRails(
        List<String> allowedImagePrefixes,
        List<String> allowedServiceAccounts,
        List<String> allowedTolerationKeys,
        List<String> allowedNodeSelectorKeys) {

    /** No limits. */
    public static final GuardRails NONE = new GuardRails(null, null, null, null);

    public GuardRails {
        allowedImagePrefixes = copy(allowedImagePrefixes);
        allowedServiceAccounts = copy(allowedServiceAccounts);
        allowedTolerationKeys = copy(allowedTolerationKeys);
        allowedNodeSelectorKeys = copy(allowedNodeSelectorKeys);
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
