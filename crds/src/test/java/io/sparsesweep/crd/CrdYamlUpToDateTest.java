package io.sparsesweep.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.crd.schema.CrdGeneration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when the committed CRD YAML differs from what the generator (with the build's
 * post-processing, {@link CrdGeneration}) makes of the model classes in this build. Fix: copy the
 * freshly generated file over the committed one and the chart's copy.
 */
class CrdYamlUpToDateTest {
    private static final String FILE = CrdGeneration.FILE;

    @Test
    void committedCrdMatchesGeneratedCrd() throws IOException {
        Path generated = CrdGeneration.generate();
        Path committed = Path.of(FILE);
        assertThat(committed).as("committed next to crds/pom.xml").exists();
        assertThat(Files.readString(committed))
                .as(
                        "crds/%s is stale; run: ./mvnw -pl crds -am verify; cp crds/%s crds/ &&"
                                + " cp crds/%s helm/sparsesweep/crds/",
                        FILE, generated, FILE)
                .isEqualTo(Files.readString(generated));
    }

    @Test
    void crdDeclaresTheApiNamesAndStatusSubresource() throws IOException {
        String yaml = Files.readString(Path.of(FILE));
        assertThat(yaml)
                .contains("name: \"sparsesweeps.sparsesweep.io\"")
                .contains("kind: \"SparseSweep\"")
                .contains("- \"ssw\"")
                .contains("- \"ml\"")
                .contains("name: \"v1alpha1\"")
                .contains("status: {}")
                .contains("rule: \"self == oldSelf\"")
                .contains("size(self.metadata.name) <= 50");
    }
}
