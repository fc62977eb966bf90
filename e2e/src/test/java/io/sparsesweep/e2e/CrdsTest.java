package io.sparsesweep.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import org.junit.jupiter.api.Test;

class CrdsTest {

    @Test
    void aCrdWhoseStatusHasNoConditionsYetIsNotEstablished() {
        assertFalse(Crds.established(null));
        assertFalse(Crds.established(new CustomResourceDefinition()));
        assertFalse(
                Crds.established(
                        new CustomResourceDefinitionBuilder().withNewStatus().endStatus().build()));
    }

    @Test
    void onlyAnEstablishedTrueConditionCounts() {
        assertFalse(Crds.established(withCondition("NamesAccepted", "True")));
        assertFalse(Crds.established(withCondition("Established", "False")));
        assertTrue(Crds.established(withCondition("Established", "True")));
    }

    private static CustomResourceDefinition withCondition(String type, String status) {
        return new CustomResourceDefinitionBuilder()
                .withNewStatus()
                .addNewCondition()
                .withType(type)
                .withStatus(status)
                .endCondition()
                .endStatus()
                .build();
    }
}
