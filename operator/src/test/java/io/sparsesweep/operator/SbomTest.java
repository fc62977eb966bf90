package io.sparsesweep.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator image's SBOM (CycloneDX, written by the build into the jar and so into the image)
 * names this module and what it runs on, and holds no TensorFlow.
 */
class SbomTest {
    @Test
    void theSbomListsTheOperatorsRuntimeAndNoTensorFlow() throws IOException {
        JsonNode bom =
                new ObjectMapper()
                        .readTree(
                                Path.of(
                                                "target/classes/META-INF/sbom/sparsesweep-operator.cdx.json")
                                        .toFile());
        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.path("metadata").path("component").path("name").asText())
                .isEqualTo("sparsesweep-operator");
        List<String> components = new ArrayList<>();
        bom.path("components")
                .forEach(
                        c ->
                                components.add(
                                        c.path("group").asText() + ":" + c.path("name").asText()));
        assertThat(components)
                .contains(
                        "io.javaoperatorsdk:operator-framework-core",
                        "io.fabric8:kubernetes-client",
                        "io.micrometer:micrometer-registry-prometheus",
                        "io.sparsesweep:sparsesweep-crds")
                .noneMatch(c -> c.startsWith("org.tensorflow:"));
        assertThat(bom.path("components"))
                .allSatisfy(c -> assertThat(c.path("version").asText()).isNotBlank());
    }
}
