package io.sparsesweep.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.List;
import java.util.Map;

/**
 * Pod-template controls of a sweep's Jobs ({@code spec.podTemplate}): labels and annotations (cost
 * attribution, Kueue topology-aware scheduling, provisioning requests), affinity, a PriorityClass
 * and image pull Secrets. The operator merges them over the chart's and the accelerator profile's
 * (docs/operator.md, "Pod-template controls"); the keys it sets itself ({@link #reservedLabel},
 * {@link #reservedAnnotation}) are refused, so an operator-owned label is never overridden. The
 * same class is the chart's default ({@code sweeps.podTemplate}) and a profile's {@code
 * podTemplate}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodTemplateOptions {
    private static final String PRIORITY_CLASS_LABEL = "kueue.x-k8s.io/priority-class";

    private static final String EXCLUSIVE_TOPOLOGY = "alpha.jobset.sigs.k8s.io/exclusive-topology";

    /**
     * Key prefixes the operator and the Job/JobSet controllers own: sparsesweep's own labels
     * (sweep, trial, attempt, role), the Job controller's (controller-uid, job-name, completion
     * index) and JobSet's. A Job whose pod template sets the Job controller's labels is refused by
     * the API server; ours would confuse the operator's observers.
     */
    public static final List<String> RESERVED_PREFIXES =
            List.of(SweepNames.PREFIX, "batch.kubernetes.io/", "jobset.sigs.k8s.io/");

    /**
     * Labels the operator sets from other fields: the Kueue queue ({@code spec.queueName}), the
     * admin's Kueue priority class, and the Job controller's unprefixed selector labels.
     */
    public static final List<String> RESERVED_LABELS =
            List.of(
                    SweepNames.KUEUE_QUEUE_LABEL,
                    PRIORITY_CLASS_LABEL,
                    "controller-uid",
                    "job-name");

    /** Annotations the operator sets: a multi-host slice's exclusive placement per node pool. */
    public static final List<String> RESERVED_ANNOTATIONS = List.of(EXCLUSIVE_TOPOLOGY);

    /**
     * CEL: whether map key {@code k} starts with a reserved prefix. Written out (annotation values
     * must be constants); {@code PodTemplateOptionsTest} checks it names every entry of the lists.
     */
    static final String RESERVED_PREFIX_CEL =
            "k.startsWith('"
                    + SweepNames.PREFIX
                    + "') || k.startsWith('batch.kubernetes.io/')"
                    + " || k.startsWith('jobset.sigs.k8s.io/')";

    /** CEL: whether map key {@code k} is an operator-owned label. */
    static final String RESERVED_LABEL_CEL =
            RESERVED_PREFIX_CEL
                    + " || k in ['"
                    + SweepNames.KUEUE_QUEUE_LABEL
                    + "', '"
                    + PRIORITY_CLASS_LABEL
                    + "', 'controller-uid', 'job-name']";

    /** CEL: whether map key {@code k} is an operator-owned annotation. */
    static final String RESERVED_ANNOTATION_CEL =
            RESERVED_PREFIX_CEL + " || k in ['" + EXCLUSIVE_TOPOLOGY + "']";

    private static final String OWNED =
            " is set by the operator (reserved: keys starting with "
                    + SweepNames.PREFIX
                    + ", batch.kubernetes.io/ or jobset.sigs.k8s.io/";

    /** Labels of every Job and its pods. */
    @JsonPropertyDescription(
            "Labels of every trial Job, slice JobSet and fitting Job and of their pods, at most 32 (keys prefix/name, values at most 63 characters). Keys starting with sparsesweep.io/, batch.kubernetes.io/ or jobset.sigs.k8s.io/, and kueue.x-k8s.io/queue-name (use queueName), kueue.x-k8s.io/priority-class, controller-uid and job-name are the operator's and refused. Merged over the accelerator profile's and the operator's sweeps.podTemplate.labels. Default: none.")
    @Size(max = 32)
    @ValidationRule(
            value = "self.all(k, !(" + RESERVED_LABEL_CEL + "))",
            messageExpression =
                    "'spec.podTemplate.labels: ' + self.filter(k, "
                            + RESERVED_LABEL_CEL
                            + ")[0] + '"
                            + OWNED
                            + "; kueue.x-k8s.io/queue-name, kueue.x-k8s.io/priority-class,"
                            + " controller-uid, job-name)'",
            reason = "FieldValueForbidden")
    private Map<String, @Size(max = 63) @Pattern(KubeSyntax.LABEL_VALUE) String> labels;

    /** Annotations of every Job and its pods. */
    @JsonPropertyDescription(
            "Annotations of every trial Job, slice JobSet and fitting Job and of their pods, at most 32, each value at most 4096 characters: e.g. kueue.x-k8s.io/podset-required-topology (Kueue topology-aware scheduling) or provreq.kueue.x-k8s.io/* (provisioning requests). Keys starting with sparsesweep.io/, batch.kubernetes.io/ or jobset.sigs.k8s.io/, and alpha.jobset.sigs.k8s.io/exclusive-topology are the operator's and refused. Merged over the accelerator profile's and the operator's sweeps.podTemplate.annotations. Default: none.")
    @Size(max = 32)
    @ValidationRule(
            value = "self.all(k, !(" + RESERVED_ANNOTATION_CEL + "))",
            messageExpression =
                    "'spec.podTemplate.annotations: ' + self.filter(k, "
                            + RESERVED_ANNOTATION_CEL
                            + ")[0] + '"
                            + OWNED
                            + "; alpha.jobset.sigs.k8s.io/exclusive-topology)'",
            reason = "FieldValueForbidden")
    private Map<String, @Size(max = 4096) String> annotations;

    /** Node and pod affinity of trial pods. */
    @JsonPropertyDescription(
            "Node affinity, pod affinity and pod anti-affinity of trial pods (a Kubernetes Affinity), e.g. to prefer a zone or spread trials; node selectors and tolerations stay in spec.trainer. Not applied to the fitting Job. Replaces the accelerator profile's and the operator's. Default: none.")
    private Affinity affinity;

    /** PriorityClass of trial and fitting pods. */
    @JsonPropertyDescription(
            "PriorityClass of trial and fitting pods (a DNS subdomain, at most 253 characters); the admin may limit which (Helm value sweeps.guardRails.allowedPriorityClasses). Default: the accelerator profile's, else the operator's sweeps.podTemplate.priorityClassName, else none.")
    @Size(max = 253)
    @Pattern(KubeSyntax.DNS_SUBDOMAIN)
    private String priorityClassName;

    /** Secrets with registry credentials for the trainer image. */
    @JsonPropertyDescription(
            "Secrets of the sweep's namespace holding registry credentials for the trainer image, at most 16, added to the accelerator profile's and the operator's. Not applied to the fitting Job (it runs the operator's image). Default: none.")
    @Size(max = 16)
    @SchemaFrom(type = SecretRef[].class)
    private List<LocalObjectReference> imagePullSecrets;

    /** Schema of one image pull Secret reference: a name is required and must be a DNS name. */
    public static final class SecretRef {
        @JsonPropertyDescription(
                "Name of a Secret of type kubernetes.io/dockerconfigjson in the sweep's namespace.")
        @Required
        @Size(min = 1, max = 253)
        @Pattern(KubeSyntax.DNS_SUBDOMAIN)
        public String name;
    }

    /** Whether {@code key} is a label the operator owns. */
    public static boolean reservedLabel(String key) {
        return reservedPrefix(key) || RESERVED_LABELS.contains(key);
    }

    /** Whether {@code key} is an annotation the operator owns. */
    public static boolean reservedAnnotation(String key) {
        return reservedPrefix(key) || RESERVED_ANNOTATIONS.contains(key);
    }

    private static boolean reservedPrefix(String key) {
        return RESERVED_PREFIXES.stream().anyMatch(key::startsWith);
    }

    public Map<String, @Size(max = 63) @Pattern(KubeSyntax.LABEL_VALUE) String> getLabels() {
        return labels;
    }

    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    public Map<String, @Size(max = 4096) String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }

    public Affinity getAffinity() {
        return affinity;
    }

    public void setAffinity(Affinity affinity) {
        this.affinity = affinity;
    }

    public String getPriorityClassName() {
        return priorityClassName;
    }

    public void setPriorityClassName(String priorityClassName) {
        this.priorityClassName = priorityClassName;
    }

    public List<LocalObjectReference> getImagePullSecrets() {
        return imagePullSecrets;
    }

    public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
        this.imagePullSecrets = imagePullSecrets;
    }
}
