package io.sparsesweep.crd.schema;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Descriptions of the fields of Kubernetes' own types in the SparseSweep schema, by their path in
 * the CRD ({@code []} marks list items). Fabric8's model classes carry no schema descriptions, so
 * without these {@code kubectl explain} printed nothing for them. Worded after the Kubernetes API
 * reference, shortened to what a sweep's author needs. {@code CrdDescriptionsTest} fails on an
 * entry whose path the CRD no longer has.
 */
final class KubernetesFieldDescriptions {
    static final Map<String, String> BY_PATH = new LinkedHashMap<>();

    /** Where Kubernetes' Affinity type sits in the schema; its fields are described by name. */
    static final String AFFINITY = "spec.podTemplate.affinity.";

    /**
     * Descriptions of the Affinity type's fields by their own name: the same few names recur at
     * every depth (node and pod terms, required and preferred), each meaning the same thing.
     */
    static final Map<String, String> AFFINITY_BY_NAME = new LinkedHashMap<>();

    private static void put(String path, String description) {
        BY_PATH.put(path, description);
    }

    static {
        String env = "spec.trainer.env[].";
        put(env + "name", "Name of the environment variable.");
        put(
                env + "value",
                "Value of the variable; $(OTHER) references to variables defined earlier are"
                        + " expanded. Default: empty.");
        put(
                env + "valueFrom",
                "Source of the value instead of value: a ConfigMap or Secret key, a field of the"
                        + " pod, a resource of the container or a key of an env file.");
        String from = env + "valueFrom.";
        keyRef(from + "configMapKeyRef", "ConfigMap");
        keyRef(from + "secretKeyRef", "Secret");
        put(from + "fieldRef", "A field of the pod, e.g. metadata.name or status.podIP.");
        put(from + "fieldRef.apiVersion", "API version of fieldPath. Default: v1.");
        put(from + "fieldRef.fieldPath", "Path of the pod field, e.g. metadata.namespace.");
        put(from + "fileKeyRef", "A key of an env file in one of the pod's volumes.");
        put(from + "fileKeyRef.key", "Name of the variable in the file.");
        put(
                from + "fileKeyRef.optional",
                "Whether the file or key may be missing. Default: false.");
        put(from + "fileKeyRef.path", "Path of the env file inside the volume.");
        put(from + "fileKeyRef.volumeName", "Name of the volume holding the file.");
        put(
                from + "resourceFieldRef",
                "A resource of the container, e.g. limits.cpu or requests.memory.");
        put(
                from + "resourceFieldRef.containerName",
                "Container whose resource is read. Default: the trainer container.");
        put(
                from + "resourceFieldRef.divisor",
                "Unit the value is expressed in, a quantity such as 1Mi or 1m. Default: 1.");
        put(from + "resourceFieldRef.resource", "The resource, e.g. limits.memory.");

        String res = "spec.trainer.resources.";
        put(
                res + "limits",
                "Most of each resource the container may use, as quantities: e.g. cpu: 4,"
                        + " memory: 16Gi, nvidia.com/gpu: 1.");
        put(
                res + "requests",
                "Resources reserved for the container when it is scheduled, as quantities: e.g."
                        + " cpu: 4, memory: 16Gi. Default: the limits.");
        put(
                res + "claims",
                "Dynamic resource claims (DRA) of the pod that the container uses, by name.");
        put(res + "claims[].name", "Name of an entry in the pod's resourceClaims.");
        put(res + "claims[].request", "One request of the claim. Default: all of its requests.");

        String tol = "spec.trainer.tolerations[].";
        put(
                tol + "key",
                "Taint key the toleration matches; empty with operator Exists matches every"
                        + " taint.");
        put(
                tol + "operator",
                "Exists (any value) or Equal (the value must match). Default: Equal.");
        put(tol + "value", "Taint value to match when operator is Equal.");
        put(
                tol + "effect",
                "Taint effect to match: NoSchedule, PreferNoSchedule or NoExecute. Default: all.");
        put(
                tol + "tolerationSeconds",
                "For effect NoExecute: seconds the pod stays bound after the taint appears."
                        + " Default: forever.");

        affinity("nodeAffinity", "Node affinity: which nodes trial pods may or prefer to run on.");
        affinity(
                "podAffinity",
                "Pod affinity: run trial pods in the same topology domain as matching pods.");
        affinity(
                "podAntiAffinity",
                "Pod anti-affinity: keep trial pods out of topology domains with matching pods.");
        affinity(
                "requiredDuringSchedulingIgnoredDuringExecution",
                "Terms a node (or its topology domain) must meet for the pod to be scheduled"
                        + " there.");
        affinity(
                "preferredDuringSchedulingIgnoredDuringExecution",
                "Weighted terms the scheduler prefers; nodes meeting more weight score higher.");
        affinity("nodeSelectorTerms", "Node selector terms, any one of which must match.");
        affinity("preference", "The node selector term this weight applies to.");
        affinity("podAffinityTerm", "The pod affinity term this weight applies to.");
        affinity("weight", "Weight of the preference, 1-100.");
        affinity("matchExpressions", "Requirements on labels, all of which must hold.");
        affinity("matchFields", "Requirements on node fields (metadata.name), all must hold.");
        affinity("key", "The label (or field) key the requirement applies to.");
        affinity(
                "operator",
                "How the key relates to the values: In, NotIn, Exists, DoesNotExist (and Gt, Lt"
                        + " for node labels).");
        affinity(
                "values",
                "Values for In and NotIn (one integer for Gt and Lt); empty for Exists and"
                        + " DoesNotExist.");
        affinity("labelSelector", "Which pods the term counts, by their labels.");
        affinity("matchLabels", "Labels a pod must carry with exactly these values.");
        affinity(
                "namespaceSelector",
                "Namespaces whose pods the term counts, by their labels; empty: all.");
        affinity(
                "namespaces",
                "Namespaces whose pods the term counts. Default: the sweep's namespace.");
        affinity(
                "topologyKey",
                "Node label defining the topology domain, e.g. kubernetes.io/hostname or"
                        + " topology.kubernetes.io/zone.");
        affinity(
                "matchLabelKeys",
                "Label keys whose values are taken from the incoming pod and added to"
                        + " labelSelector.");
        affinity(
                "mismatchLabelKeys",
                "Label keys whose values from the incoming pod must differ, added to"
                        + " labelSelector.");

        String cond = "status.conditions[].";
        put(cond + "type", "Condition type: Ready, Progressing, Suspended, Complete or Failed.");
        put(cond + "status", "True, False or Unknown.");
        put(
                cond + "reason",
                "Why the condition last changed, in CamelCase, e.g. SpecValid, TrialsRunning,"
                        + " LawFitted, TooManyFailedTrials.");
        put(cond + "message", "Details of the last change, for people.");
        put(cond + "lastTransitionTime", "When the status last changed (RFC 3339).");
        put(
                cond + "observedGeneration",
                "The metadata.generation of the spec the condition was set for.");
    }

    private static void keyRef(String path, String kind) {
        put(path, "A key of a " + kind + " in the sweep's namespace.");
        put(path + ".key", "The key to read.");
        put(path + ".name", "Name of the " + kind + ".");
        put(
                path + ".optional",
                "Whether the " + kind + " or its key may be missing. Default: false.");
    }

    private static void affinity(String name, String description) {
        AFFINITY_BY_NAME.put(name, description);
    }

    private KubernetesFieldDescriptions() {}

    /** Sets the table's description on every property that has none. */
    static void fill(JSONSchemaProps root) {
        walk(
                root,
                "",
                (path, schema) -> {
                    String text = BY_PATH.get(path);
                    if (text == null && path.startsWith(AFFINITY)) {
                        String name = path.substring(path.lastIndexOf('.') + 1);
                        text = AFFINITY_BY_NAME.get(name.replace("[]", ""));
                    }
                    if (text != null && schema.getDescription() == null) {
                        schema.setDescription(text);
                    }
                });
    }

    /** Calls {@code visit} with every property's path ({@code spec.grid.steps}, {@code a[].b}). */
    static void walk(
            JSONSchemaProps schema, String path, BiConsumer<String, JSONSchemaProps> visit) {
        if (schema.getProperties() != null) {
            for (Map.Entry<String, JSONSchemaProps> e : schema.getProperties().entrySet()) {
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                visit.accept(child, e.getValue());
                walk(e.getValue(), child, visit);
            }
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            walk(schema.getItems().getSchema(), path + "[]", visit);
        }
        if (schema.getAdditionalProperties() != null
                && schema.getAdditionalProperties().getSchema() != null) {
            walk(schema.getAdditionalProperties().getSchema(), path + "{}", visit);
        }
    }
}
