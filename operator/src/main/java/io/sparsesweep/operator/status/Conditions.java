package io.sparsesweep.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.sparsesweep.crd.SweepLimits;
import java.util.ArrayList;
import java.util.List;

/** metav1.Condition helpers: one condition per type, updated in place. */
public final class Conditions {
    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String SUSPENDED = "Suspended";
    public static final String COMPLETE = "Complete";
    public static final String FAILED = "Failed";

    private Conditions() {}

    /**
     * Sets a condition; {@code lastTransitionTime} changes only when the status does, so that
     * identical reconciles write identical status (and are skipped).
     */
    public static List<Condition> set(
            List<Condition> conditions,
            String type,
            boolean status,
            String reason,
            String message,
            Long generation,
            String now) {
        List<Condition> out = new ArrayList<>();
        String value = status ? "True" : "False";
        String transition = now;
        for (Condition c : conditions == null ? List.<Condition>of() : conditions) {
            if (type.equals(c.getType())) {
                if (value.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    transition = c.getLastTransitionTime();
                }
            } else {
                out.add(c);
            }
        }
        out.add(
                new ConditionBuilder()
                        .withType(type)
                        .withStatus(value)
                        .withReason(reason)
                        .withMessage(SweepLimits.capMessage(message == null ? "" : message))
                        .withObservedGeneration(generation)
                        .withLastTransitionTime(transition)
                        .build());
        out.sort(java.util.Comparator.comparingInt(c -> order(c.getType())));
        return out;
    }

    /** The condition of the given type, or null. */
    public static Condition get(List<Condition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static int order(String type) {
        return switch (type) {
            case READY -> 0;
            case PROGRESSING -> 1;
            case SUSPENDED -> 2;
            case COMPLETE -> 3;
            case FAILED -> 4;
            default -> 5;
        };
    }
}
