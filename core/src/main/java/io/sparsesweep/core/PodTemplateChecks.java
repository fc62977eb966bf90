package io.sparsesweep.core;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.sparsesweep.crd.KubeSyntax;
import io.sparsesweep.crd.PodTemplateOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks pod-template controls ({@code spec.podTemplate}, the chart's {@code sweeps.podTemplate}, a
 * profile's {@code podTemplate}) against the API server's rules, so that a bad key is refused when
 * the sweep is checked instead of failing every Job create: label and annotation key syntax, label
 * values, the annotations' total size, names as DNS subdomains, affinity operators and terms. Keys
 * the operator owns are refused. Every error names the field and the value.
 */
public final class PodTemplateChecks {
    /** The API server's limit on all annotations of one object together. */
    static final int MAX_ANNOTATION_BYTES = 256 * 1024;

    private static final Set<String> NODE_OPERATORS =
            Set.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");
    private static final Set<String> LABEL_OPERATORS =
            Set.of("In", "NotIn", "Exists", "DoesNotExist");

    private PodTemplateChecks() {}

    /** Checks pod-template controls named {@code field} (e.g. {@code spec.podTemplate}). */
    public static void check(String field, PodTemplateOptions p, List<String> errors) {
        if (p == null) {
            return;
        }
        labels(field + ".labels", p.getLabels(), errors);
        annotations(field + ".annotations", p.getAnnotations(), errors);
        PodFieldChecks.name(field + ".priorityClassName", p.getPriorityClassName(), errors);
        List<LocalObjectReference> secrets = p.getImagePullSecrets();
        if (secrets != null) {
            for (int i = 0; i < secrets.size(); i++) {
                String f = field + ".imagePullSecrets[" + i + "].name";
                LocalObjectReference s = secrets.get(i);
                if (s == null || s.getName() == null || s.getName().isEmpty()) {
                    errors.add(f + ": is required");
                } else {
                    PodFieldChecks.name(f, s.getName(), errors);
                }
            }
        }
        affinity(field + ".affinity", p.getAffinity(), errors);
    }

    private static void labels(String field, Map<String, String> labels, List<String> errors) {
        if (labels == null) {
            return;
        }
        for (var e : labels.entrySet()) {
            if (!KubeSyntax.labelKey(e.getKey())) {
                errors.add(field + ": '" + e.getKey() + "' is not a label key" + KEY_SYNTAX);
            } else if (PodTemplateOptions.reservedLabel(e.getKey())) {
                errors.add(
                        field
                                + ": '"
                                + e.getKey()
                                + "' is set by the operator and cannot be set here"
                                + (e.getKey().equals(PodTemplateOptions.RESERVED_LABELS.get(0))
                                        ? " (use spec.queueName)"
                                        : ""));
            }
            if (!KubeSyntax.labelValue(e.getValue())) {
                errors.add(
                        field
                                + "."
                                + e.getKey()
                                + ": '"
                                + e.getValue()
                                + "' is not a label value (at most 63 letters, digits, '-', '_'"
                                + " and '.', starting and ending with a letter or digit)");
            }
        }
    }

    private static final String KEY_SYNTAX =
            " ([prefix/]name: an optional DNS subdomain prefix, a name of at most 63 letters,"
                    + " digits, '-', '_' and '.')";

    private static void annotations(
            String field, Map<String, String> annotations, List<String> errors) {
        if (annotations == null) {
            return;
        }
        long bytes = 0;
        for (var e : annotations.entrySet()) {
            if (!KubeSyntax.labelKey(e.getKey())) {
                errors.add(field + ": '" + e.getKey() + "' is not an annotation key" + KEY_SYNTAX);
            } else if (PodTemplateOptions.reservedAnnotation(e.getKey())) {
                errors.add(
                        field
                                + ": '"
                                + e.getKey()
                                + "' is set by the operator and cannot be set here");
            }
            if (e.getValue() == null) {
                errors.add(field + "." + e.getKey() + ": has no value");
                continue;
            }
            bytes += e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > MAX_ANNOTATION_BYTES) {
            errors.add(
                    field
                            + ": "
                            + bytes
                            + " bytes in all, more than the API server's "
                            + MAX_ANNOTATION_BYTES);
        }
    }

    private static void affinity(String field, Affinity a, List<String> errors) {
        if (a == null) {
            return;
        }
        unknown(field, a.getAdditionalProperties(), errors);
        var node = a.getNodeAffinity();
        if (node != null) {
            String f = field + ".nodeAffinity";
            unknown(f, node.getAdditionalProperties(), errors);
            var required = node.getRequiredDuringSchedulingIgnoredDuringExecution();
            if (required != null) {
                String r = f + ".requiredDuringSchedulingIgnoredDuringExecution";
                List<NodeSelectorTerm> terms = required.getNodeSelectorTerms();
                if (terms == null || terms.isEmpty()) {
                    errors.add(r + ".nodeSelectorTerms: needs at least one term");
                } else {
                    for (int i = 0; i < terms.size(); i++) {
                        nodeTerm(r + ".nodeSelectorTerms[" + i + "]", terms.get(i), errors);
                    }
                }
            }
            var preferred = node.getPreferredDuringSchedulingIgnoredDuringExecution();
            for (int i = 0; preferred != null && i < preferred.size(); i++) {
                String p = f + ".preferredDuringSchedulingIgnoredDuringExecution[" + i + "]";
                weight(p, preferred.get(i).getWeight(), errors);
                if (preferred.get(i).getPreference() == null) {
                    errors.add(p + ".preference: is required");
                } else {
                    nodeTerm(p + ".preference", preferred.get(i).getPreference(), errors);
                }
            }
        }
        if (a.getPodAffinity() != null) {
            podTerms(
                    field + ".podAffinity",
                    a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(),
                    a.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(),
                    errors);
        }
        if (a.getPodAntiAffinity() != null) {
            podTerms(
                    field + ".podAntiAffinity",
                    a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(),
                    a.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(),
                    errors);
        }
    }

    private static void nodeTerm(String field, NodeSelectorTerm term, List<String> errors) {
        if (term == null) {
            errors.add(field + ": is empty");
            return;
        }
        List<NodeSelectorRequirement> exprs = term.getMatchExpressions();
        for (int i = 0; exprs != null && i < exprs.size(); i++) {
            NodeSelectorRequirement r = exprs.get(i);
            requirement(
                    field + ".matchExpressions[" + i + "]",
                    r == null ? null : r.getKey(),
                    r == null ? null : r.getOperator(),
                    r == null ? null : r.getValues(),
                    NODE_OPERATORS,
                    errors);
        }
    }

    private static void podTerms(
            String field,
            List<PodAffinityTerm> required,
            List<WeightedPodAffinityTerm> preferred,
            List<String> errors) {
        for (int i = 0; required != null && i < required.size(); i++) {
            podTerm(
                    field + ".requiredDuringSchedulingIgnoredDuringExecution[" + i + "]",
                    required.get(i),
                    errors);
        }
        for (int i = 0; preferred != null && i < preferred.size(); i++) {
            String p = field + ".preferredDuringSchedulingIgnoredDuringExecution[" + i + "]";
            weight(p, preferred.get(i).getWeight(), errors);
            podTerm(p + ".podAffinityTerm", preferred.get(i).getPodAffinityTerm(), errors);
        }
    }

    private static void podTerm(String field, PodAffinityTerm t, List<String> errors) {
        if (t == null) {
            errors.add(field + ": is required");
            return;
        }
        if (t.getTopologyKey() == null || t.getTopologyKey().isEmpty()) {
            errors.add(field + ".topologyKey: is required (e.g. kubernetes.io/hostname)");
        } else if (!KubeSyntax.labelKey(t.getTopologyKey())) {
            errors.add(field + ".topologyKey: '" + t.getTopologyKey() + "' is not a label key");
        }
        selector(field + ".labelSelector", t.getLabelSelector(), errors);
        selector(field + ".namespaceSelector", t.getNamespaceSelector(), errors);
        List<String> namespaces = t.getNamespaces();
        for (int i = 0; namespaces != null && i < namespaces.size(); i++) {
            PodFieldChecks.name(field + ".namespaces[" + i + "]", namespaces.get(i), errors);
        }
    }

    private static void selector(String field, LabelSelector s, List<String> errors) {
        if (s == null) {
            return;
        }
        if (s.getMatchLabels() != null) {
            for (var e : s.getMatchLabels().entrySet()) {
                if (!KubeSyntax.labelKey(e.getKey())) {
                    errors.add(field + ".matchLabels: '" + e.getKey() + "' is not a label key");
                } else if (!KubeSyntax.labelValue(e.getValue())) {
                    errors.add(
                            field
                                    + ".matchLabels."
                                    + e.getKey()
                                    + ": '"
                                    + e.getValue()
                                    + "' is not a label value");
                }
            }
        }
        List<LabelSelectorRequirement> exprs = s.getMatchExpressions();
        for (int i = 0; exprs != null && i < exprs.size(); i++) {
            LabelSelectorRequirement r = exprs.get(i);
            requirement(
                    field + ".matchExpressions[" + i + "]",
                    r == null ? null : r.getKey(),
                    r == null ? null : r.getOperator(),
                    r == null ? null : r.getValues(),
                    LABEL_OPERATORS,
                    errors);
        }
    }

    private static void requirement(
            String field,
            String key,
            String operator,
            List<String> values,
            Set<String> operators,
            List<String> errors) {
        if (key == null || !KubeSyntax.labelKey(key)) {
            errors.add(field + ".key: '" + key + "' is not a label key");
        }
        if (operator == null || !operators.contains(operator)) {
            errors.add(
                    field
                            + ".operator: '"
                            + operator
                            + "' is not one of "
                            + operators.stream().sorted().toList());
            return;
        }
        int n = values == null ? 0 : values.size();
        switch (operator) {
            case "In", "NotIn" -> {
                if (n == 0) {
                    errors.add(field + ".values: " + operator + " needs at least one value");
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (n != 0) {
                    errors.add(field + ".values: must be empty for " + operator);
                }
            }
            default -> { // Gt, Lt
                if (n != 1 || !values.get(0).matches("-?[0-9]+")) {
                    errors.add(field + ".values: " + operator + " needs exactly one integer");
                }
            }
        }
    }

    private static void weight(String field, Integer weight, List<String> errors) {
        if (weight == null || weight < 1 || weight > 100) {
            errors.add(field + ".weight: '" + weight + "' is not between 1 and 100");
        }
    }

    /** Fields Fabric8 did not know (a typo such as {@code nodeAfinity}) land here. */
    private static void unknown(String field, Map<String, Object> extra, List<String> errors) {
        if (extra != null && !extra.isEmpty()) {
            errors.add(field + ": unknown field(s) " + extra.keySet());
        }
    }
}
