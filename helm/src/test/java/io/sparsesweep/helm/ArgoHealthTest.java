package io.sparsesweep.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparsesweep.e2e.ArgoHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The chart's Argo CD health check for SparseSweeps: every case of its {@code health_test.yaml}
 * (Argo CD's own test format) holds when LuaJ runs the script on the case's object, the cases cover
 * all four states a sweep can be in for Argo CD, and every object under {@code testdata/} is a
 * case.
 */
class ArgoHealthTest {
    static final Path DIR = Chart.CHART_DIR.resolve("argocd/sparsesweep.io/SparseSweep");

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases() throws IOException {
        Map<String, Object> file =
                Chart.readYaml(Files.readString(DIR.resolve("health_test.yaml")));
        return (List<Map<String, Object>>) file.get("tests");
    }

    @SuppressWarnings("unchecked")
    @TestFactory
    Stream<DynamicTest> everyCaseHolds() throws IOException {
        ArgoHealth health = ArgoHealth.load(DIR.resolve("health.lua"));
        return cases().stream()
                .map(
                        c -> {
                            String input = (String) c.get("inputPath");
                            Map<String, Object> expected =
                                    (Map<String, Object>) c.get("healthStatus");
                            return DynamicTest.dynamicTest(
                                    input,
                                    () -> {
                                        Map<String, Object> obj =
                                                Chart.readYaml(
                                                        Files.readString(DIR.resolve(input)));
                                        ArgoHealth.Verdict v = health.evaluate(obj);
                                        assertThat(v.status())
                                                .as(input)
                                                .isEqualTo(expected.get("status"));
                                        assertThat(v.message())
                                                .as(input)
                                                .isEqualTo(expected.get("message"));
                                    });
                        });
    }

    @Test
    void theCasesCoverEveryStateAndEveryTestObject() throws IOException {
        Set<String> states = new TreeSet<>();
        Set<String> inputs = new TreeSet<>();
        for (Map<String, Object> c : cases()) {
            states.add((String) ((Map<?, ?>) c.get("healthStatus")).get("status"));
            inputs.add((String) c.get("inputPath"));
        }
        assertThat(states)
                .containsExactlyInAnyOrder("Progressing", "Suspended", "Healthy", "Degraded");
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(DIR.resolve("testdata"))) {
            s.forEach(p -> files.add("testdata/" + p.getFileName()));
        }
        assertThat(inputs).isEqualTo(files);
    }
}
