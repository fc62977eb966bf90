package io.sparsesweep.operator.config;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.sparsesweep.crd.AcceleratorSpec;
import java.util.List;
import java.util.Map;

/**
 * A named placement from the operator's Helm values ({@code sweeps.acceleratorProfiles}); a sweep
 * selects one with {@code spec.trainer.acceleratorProfile}.
 *
 * @param name profile name
 * @param accelerator extended resource and count, or null for CPU-only
 * @param resources CPU/memory of the trainer container
 * @param nodeSelector node labels
 * @param tolerations tolerations
 */
public record AcceleratorProfile(
        String name,
        AcceleratorSpec accelerator,
        ResourceRequirements resources,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations) {
    public AcceleratorProfile {
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    }
}
