package io.sparsesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runner image's SBOM (CycloneDX, written by the build into the jar and so into the image)
 * names this module, the trainer, the fitter and TensorFlow Java with its native library.
 */
class SbomTest {
    @Test
    void theSbomListsTheRunnersRuntimeWithTensorFlow() throws IOException {
        JsonNode bom =
                new ObjectMapper()
                        .readTree(
                                Path.of("target/classes/META-INF/sbom/sparsesweep-cli.cdx.json")
                                        .toFile());
        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.path("metadata").path("component").path("name").asText())
                .isEqualTo("sparsesweep-cli");
        List<String> components = new ArrayList<>();
        bom.path("components")
                .forEach(
                        c ->
                                components.add(
                                        c.path("group").asText() + ":" + c.path("name").asText()));
        assertThat(components)
                .contains(
                        "io.sparsesweep:sparsesweep-job-runner",
                        "io.sparsesweep:sparsesweep-fitting",
                        "org.tensorflow:tensorflow-core-api",
                        "info.picocli:picocli");
        assertThat(bom.path("components"))
                .allSatisfy(c -> assertThat(c.path("version").asText()).isNotBlank());
    }
}
