package io.sparsesweep.crd;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Schema-only shape of {@code status.conditions[]} (named by {@code @SchemaFrom} on {@link
 * SparseSweepStatus}): metav1.Condition with its upstream bounds, and a message no longer than the
 * operator ever writes ({@link SweepLimits#MAX_MESSAGE_LENGTH}). Fabric8's Condition type carries
 * no bounds at all. The Java model keeps Fabric8's type.
 */
public final class ConditionSchema {
    @Required
    @Size(max = 316)
    @Pattern(
            "^([a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
    public String type;

    @Required
    @Pattern("^(True|False|Unknown)$")
    public String status;

    @Size(max = 1024)
    @Pattern("^([A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?)?$")
    public String reason;

    @Size(max = SweepLimits.MAX_MESSAGE_LENGTH)
    public String message;

    @Size(max = SweepLimits.MAX_TIME_LENGTH)
    public String lastTransitionTime;

    @Min(0)
    @Max(9007199254740991.0)
    public Long observedGeneration;

    private ConditionSchema() {}
}
