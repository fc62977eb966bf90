package io.sparsesweep.crd;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceClaim;
import java.util.List;
import java.util.Map;

/**
 * Schema-only shapes for the pod fields of {@code spec.trainer} (named by {@code @SchemaFrom} on
 * {@link TrainerSpec}): the CRD generator would otherwise copy Fabric8's types, which carry no
 * bounds at all, so {@code cpu: lots}, an env entry without a name or a toleration with operator
 * {@code Sometimes} passed admission and then failed every Job create. These add the API server's
 * own syntax rules ({@link KubeSyntax}) to the schema. The Java model keeps Fabric8's types.
 */
public final class TrainerSchemas {
    private TrainerSchemas() {}

    /** An environment variable of the trainer container. */
    @ValidationRule(
            value = "!has(self.value) || !has(self.valueFrom)",
            message = "an env entry sets value or valueFrom, not both")
    public static final class Env {
        @Required
        @Size(min = 1, max = 256)
        @Pattern(KubeSyntax.ENV_NAME)
        public String name;

        @Size(max = 32768)
        public String value;

        public EnvVarSource valueFrom;
    }

    /** A toleration of trial pods. */
    @ValidationRule(
            value =
                    "has(self.key) && self.key != '' || has(self.operator) && self.operator == 'Exists'",
            message = "a toleration without a key needs operator Exists")
    @ValidationRule(
            value =
                    "!has(self.operator) || self.operator != 'Exists' || !has(self.value) || self.value == ''",
            message = "a toleration with operator Exists has no value")
    public static final class Toleration {
        @Size(max = 317)
        @Pattern("^$|" + KubeSyntax.LABEL_KEY)
        public String key;

        @Pattern("^(Exists|Equal)$")
        public String operator;

        @Size(max = 63)
        @Pattern(KubeSyntax.LABEL_VALUE)
        public String value;

        @Pattern("^(|NoSchedule|PreferNoSchedule|NoExecute)$")
        public String effect;

        public Long tolerationSeconds;
    }

    /**
     * CPU, memory and accelerator requests and limits of the trainer container. Quantities are
     * checked with the API server's own {@code isQuantity} (Kubernetes 1.30+): a regular expression
     * over int-or-string values of unbounded length exceeds the CRD's CEL cost budget (the API
     * server refused such a rule, "estimated rule cost exceeds budget by factor of 12.1x").
     */
    @ValidationRule(
            value =
                    "!has(self.requests) || self.requests.all(k, type(self.requests[k]) == int"
                            + " || isQuantity(self.requests[k]))",
            message = "resources.requests values must be quantities such as 4, 500m or 16Gi")
    @ValidationRule(
            value =
                    "!has(self.limits) || self.limits.all(k, type(self.limits[k]) == int"
                            + " || isQuantity(self.limits[k]))",
            message = "resources.limits values must be quantities such as 4, 500m or 16Gi")
    public static final class Resources {
        @Size(max = 16)
        public Map<String, Quantity> requests;

        @Size(max = 16)
        public Map<String, Quantity> limits;

        @ValidationRule(
                value = "size(self) == 0",
                message = "dynamic resource claims are not supported")
        public List<ResourceClaim> claims;
    }
}
