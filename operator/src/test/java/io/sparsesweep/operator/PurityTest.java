package io.sparsesweep.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The decision layers stay pure: the planner and scheduler (core), the Job factories, the launch
 * policy and spec checks, the status builder, the phase decision and the outcome diff never import
 * the Kubernetes client or the controller. Only kube/ talks to the API.
 */
class PurityTest {
    private static List<String> importsUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(
                            p -> {
                                try {
                                    return Files.readAllLines(p).stream()
                                            .filter(l -> l.startsWith("import "))
                                            .map(l -> p.getFileName() + ": " + l);
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            })
                    .toList();
        }
    }

    @Test
    void plannerAndFactoriesImportNoClientAndNoController() throws IOException {
        Path main = Path.of("src/main/java/io/sparsesweep/operator");
        for (Path pure :
                List.of(
                        Path.of("../core/src/main/java/io/sparsesweep/core/plan"),
                        Path.of("../core/src/main/java/io/sparsesweep/core/result"),
                        main.resolve("jobs"),
                        main.resolve("policy"),
                        main.resolve("status"))) {
            assertThat(importsUnder(pure))
                    .as(pure.toString())
                    .isNotEmpty()
                    .noneMatch(l -> l.contains("io.fabric8.kubernetes.client"))
                    .noneMatch(l -> l.contains("io.javaoperatorsdk"))
                    .noneMatch(l -> l.contains("io.sparsesweep.operator.controller"))
                    .noneMatch(l -> l.contains("io.sparsesweep.operator.kube"));
        }
    }
}
