package io.sparsesweep.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of the API and the core, read from their imports: the API module ({@code crds}) is
 * the model only; the core builds on it; inside the core, planning ({@code plan}) and results
 * ({@code result}) never reach back into validation, so there is no planner-validator loop; nothing
 * here talks to a cluster.
 */
class ArchitectureTest {
    private static final Path CORE = Path.of("src/main/java/io/sparsesweep/core");
    private static final Path API = Path.of("../crds/src/main/java/io/sparsesweep/crd");

    private static List<String> imports(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(ArchitectureTest::importLines)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> importLines(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> l.startsWith("import "))
                    .map(l -> file.getFileName() + ": " + l);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theApiModuleIsTheModelOnly() {
        assertThat(imports(API))
                .isNotEmpty()
                .filteredOn(l -> l.contains("io.sparsesweep."))
                .allMatch(
                        l ->
                                l.contains("import io.sparsesweep.crd.")
                                        || l.contains("import io.sparsesweep.protocol."),
                        "imports only the model (and the trial protocol's vocabulary)");
        assertThat(imports(API)).noneMatch(l -> l.contains("io.fabric8.kubernetes.client.dsl"));
    }

    @Test
    void planningAndResultsNeverReachBackIntoValidation() {
        for (String pkg : List.of("plan", "result")) {
            assertThat(imports(CORE.resolve(pkg)))
                    .as(pkg)
                    .isNotEmpty()
                    .filteredOn(l -> l.contains("io.sparsesweep.core."))
                    .allMatch(
                            l ->
                                    l.contains("io.sparsesweep.core.plan.")
                                            || l.contains("io.sparsesweep.core.result."),
                            "imports only plan/result");
        }
    }

    @Test
    void theCoreTalksToNoClusterAndNoHost() {
        assertThat(imports(CORE))
                .noneMatch(l -> l.contains("io.fabric8.kubernetes.client"))
                .noneMatch(l -> l.contains("io.javaoperatorsdk"))
                .noneMatch(l -> l.contains("io.sparsesweep.operator"))
                .noneMatch(l -> l.contains("io.sparsesweep.cli"))
                .noneMatch(l -> l.contains("org.tensorflow"));
    }
}
