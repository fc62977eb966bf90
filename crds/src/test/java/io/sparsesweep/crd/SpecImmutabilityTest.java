package io.sparsesweep.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Trial ids hash only the grid point (width, depth, heads, MLP ratio, sparsity, pattern, steps,
 * seed). Every other spec field that shapes what a trial runs must therefore be immutable, or a
 * running sweep would mix trials of two different setups under one id. A field-level {@code self ==
 * oldSelf} only runs when the field exists before and after, so an optional field also needs a
 * spec-level rule that it is neither added nor removed. A new spec field fails this test until it
 * is either declared mutable here or given both rules.
 */
class SpecImmutabilityTest {
    /** Fields that change how the sweep is run, not what a trial is. */
    private static final Set<String> MUTABLE =
            Set.of(
                    "parallelism",
                    "failurePolicy",
                    "suspend",
                    "fitting",
                    "queueName",
                    "podTemplate",
                    "retainTrialJobs");

    @Test
    void everyFieldTrialIdsDoNotHashIsImmutableIncludingItsPresence() {
        List<ValidationRule> specRules =
                Arrays.asList(SparseSweepSpec.class.getAnnotationsByType(ValidationRule.class));
        for (Field f : SparseSweepSpec.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || MUTABLE.contains(f.getName())) {
                continue;
            }
            assertThat(f.getAnnotationsByType(ValidationRule.class))
                    .as("spec.%s needs a self == oldSelf rule", f.getName())
                    .anyMatch(r -> r.value().equals("self == oldSelf"));
            if (f.getAnnotation(Required.class) == null) {
                String presence =
                        "has(self." + f.getName() + ") == has(oldSelf." + f.getName() + ")";
                assertThat(specRules)
                        .as("optional spec.%s needs the spec-level rule %s", f.getName(), presence)
                        .anyMatch(r -> r.value().equals(presence));
            }
        }
    }
}
