package io.sparsesweep.core;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.sparsesweep.crd.KubeSyntax;
import io.sparsesweep.crd.TrainerSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the pod fields of {@code spec.trainer} that reach every trial Job unchanged (environment,
 * resources, tolerations, node selector, ServiceAccount and claim names) against the API server's
 * own rules. Without this a sweep with {@code cpu: lots} passed admission and then failed every Job
 * create, forever. Every error names the field and the value.
 */
public final class PodFieldChecks {
    private static final Set<String> OPERATORS = Set.of("Exists", "Equal");
    private static final Set<String> EFFECTS =
            Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private PodFieldChecks() {}

    /** Checks {@code spec.trainer}. */
    static void trainer(TrainerSpec t, List<String> errors) {
        env(t.getEnv(), errors);
        resources("spec.trainer.resources", t.getResources(), errors);
        tolerations("spec.trainer.tolerations", t.getTolerations(), errors);
        nodeSelector("spec.trainer.nodeSelector", t.getNodeSelector(), errors);
        name("spec.trainer.serviceAccountName", t.getServiceAccountName(), errors);
        name("spec.trainer.checkpointVolumeClaim", t.getCheckpointVolumeClaim(), errors);
        if (t.getImage() != null && !t.getImage().equals(t.getImage().strip())) {
            errors.add(
                    "spec.trainer.image: '"
                            + t.getImage()
                            + "' has leading or trailing whitespace");
        }
    }

    private static void env(List<EnvVar> env, List<String> errors) {
        if (env == null) {
            return;
        }
        for (int i = 0; i < env.size(); i++) {
            EnvVar e = env.get(i);
            String f = "spec.trainer.env[" + i + "]";
            if (e == null || e.getName() == null || e.getName().isEmpty()) {
                errors.add(f + ".name: is required");
            } else if (!KubeSyntax.envName(e.getName())) {
                errors.add(
                        f
                                + ".name: '"
                                + e.getName()
                                + "' is not a variable name (letters, digits, '_', '-', '.';"
                                + " not starting with a digit)");
            }
            if (e != null && e.getValue() != null && e.getValueFrom() != null) {
                errors.add(f + ": sets both value and valueFrom");
            }
        }
    }

    /** Requests and limits named {@code field} (e.g. {@code spec.trainer.resources}). */
    public static void resources(String field, ResourceRequirements r, List<String> errors) {
        if (r == null) {
            return;
        }
        quantities(field + ".requests", r.getRequests(), errors);
        quantities(field + ".limits", r.getLimits(), errors);
        if (r.getClaims() != null && !r.getClaims().isEmpty()) {
            errors.add(field + ".claims: dynamic resource claims are not supported");
        }
        if (r.getRequests() == null || r.getLimits() == null) {
            return;
        }
        for (var e : r.getRequests().entrySet()) {
            Quantity limit = r.getLimits().get(e.getKey());
            BigDecimal req = amount(e.getValue());
            BigDecimal lim = amount(limit);
            if (req != null && lim != null && req.compareTo(lim) > 0) {
                errors.add(
                        field
                                + ".requests."
                                + e.getKey()
                                + ": "
                                + e.getValue()
                                + " exceeds the limit "
                                + limit);
            }
        }
    }

    private static void quantities(String field, Map<String, Quantity> q, List<String> errors) {
        if (q == null) {
            return;
        }
        for (var e : q.entrySet()) {
            if (!KubeSyntax.labelKey(e.getKey())) {
                errors.add(field + ": '" + e.getKey() + "' is not a resource name");
            }
            String text = e.getValue() == null ? null : e.getValue().toString();
            if (!KubeSyntax.quantity(text)) {
                errors.add(
                        field
                                + "."
                                + e.getKey()
                                + ": '"
                                + text
                                + "' is not a quantity (e.g. 4, 500m, 16Gi)");
            } else if (text.startsWith("-")) {
                errors.add(field + "." + e.getKey() + ": '" + text + "' is negative");
            }
        }
    }

    private static BigDecimal amount(Quantity q) {
        if (q == null || !KubeSyntax.quantity(q.toString())) {
            return null;
        }
        try {
            return Quantity.getAmountInBytes(q);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Tolerations named {@code field} (e.g. {@code spec.trainer.tolerations}). */
    public static void tolerations(
            String field, List<Toleration> tolerations, List<String> errors) {
        if (tolerations == null) {
            return;
        }
        for (int i = 0; i < tolerations.size(); i++) {
            Toleration t = tolerations.get(i);
            String f = field + "[" + i + "]";
            if (t == null) {
                errors.add(f + ": is empty");
                continue;
            }
            String op = t.getOperator() == null ? "Equal" : t.getOperator();
            if (!OPERATORS.contains(op)) {
                errors.add(f + ".operator: '" + op + "' is not Exists or Equal");
            }
            if (t.getEffect() != null
                    && !t.getEffect().isEmpty()
                    && !EFFECTS.contains(t.getEffect())) {
                errors.add(
                        f
                                + ".effect: '"
                                + t.getEffect()
                                + "' is not NoSchedule, PreferNoSchedule or NoExecute");
            }
            boolean noKey = t.getKey() == null || t.getKey().isEmpty();
            if (!noKey && !KubeSyntax.labelKey(t.getKey())) {
                errors.add(f + ".key: '" + t.getKey() + "' is not a taint key");
            }
            if (noKey && !"Exists".equals(op)) {
                errors.add(f + ".operator: must be Exists when key is empty");
            }
            if ("Exists".equals(op) && t.getValue() != null && !t.getValue().isEmpty()) {
                errors.add(f + ".value: must be empty when operator is Exists");
            }
            if (t.getValue() != null && !KubeSyntax.labelValue(t.getValue())) {
                errors.add(f + ".value: '" + t.getValue() + "' is not a taint value");
            }
            if (t.getTolerationSeconds() != null && !"NoExecute".equals(t.getEffect())) {
                errors.add(f + ".tolerationSeconds: only applies to effect NoExecute");
            }
        }
    }

    /** A node selector named {@code field} (e.g. {@code spec.trainer.nodeSelector}). */
    public static void nodeSelector(
            String field, Map<String, String> selector, List<String> errors) {
        if (selector == null) {
            return;
        }
        for (var e : selector.entrySet()) {
            if (!KubeSyntax.labelKey(e.getKey())) {
                errors.add(field + ": '" + e.getKey() + "' is not a label key");
            } else if (!KubeSyntax.labelValue(e.getValue())) {
                errors.add(
                        field + "." + e.getKey() + ": '" + e.getValue() + "' is not a label value");
            }
        }
    }

    /** A name that must be a DNS subdomain (ServiceAccount, claim, Secret, PriorityClass). */
    static void name(String field, String value, List<String> errors) {
        if (value != null && !KubeSyntax.dnsSubdomain(value)) {
            errors.add(
                    field
                            + ": '"
                            + value
                            + "' is not a valid name (lower-case letters, digits, '-' and '.')");
        }
    }
}
