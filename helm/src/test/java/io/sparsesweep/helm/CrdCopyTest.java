package io.sparsesweep.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's crds/ must be byte-identical to the generated CRDs committed under the top-level
 * crds/ module (the crds module's own test keeps that file equal to the generator's output).
 */
class CrdCopyTest {
    static final Path GENERATED_DIR = Chart.MODULE_DIR.getParent().resolve("crds");
    static final Path CHART_CRDS_DIR = Chart.CHART_DIR.resolve("crds");
    private static final String FIX =
            "; fix: cp crds/*.yml helm/sparsesweep/crds/ (and delete stale files there)";

    @Test
    void chartCrdsAreIdenticalToGeneratedCrds() throws IOException {
        Map<String, String> generated = yamlFiles(GENERATED_DIR);
        assumeTrue(
                !generated.isEmpty(),
                "SKIPPED: no generated CRD YAML under "
                        + GENERATED_DIR
                        + " yet (the crds module commits it); nothing to compare the chart's crds/ to");

        Map<String, String> inChart = yamlFiles(CHART_CRDS_DIR);

        assertThat(inChart.keySet())
                .as("CRD files in the chart" + FIX)
                .isEqualTo(generated.keySet());
        for (String name : generated.keySet()) {
            assertThat(firstDifference(inChart.get(name), generated.get(name)))
                    .as("helm/sparsesweep/crds/%s differs from crds/%s%s", name, name, FIX)
                    .isEmpty();
        }
    }

    /** "" when equal, else the first differing line of each side (readable in a failure). */
    static String firstDifference(String actual, String expected) {
        if (actual.equals(expected)) {
            return "";
        }
        String[] a = actual.split("\n", -1);
        String[] e = expected.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, e.length); i++) {
            String al = i < a.length ? a[i] : "<end of file>";
            String el = i < e.length ? e[i] : "<end of file>";
            if (!al.equals(el)) {
                return "line " + (i + 1) + ": chart has [" + al + "], generated has [" + el + "]";
            }
        }
        return "line endings differ";
    }

    @Test
    void helmSeesTheSparseSweepCrd() throws IOException {
        assumeTrue(
                !yamlFiles(CHART_CRDS_DIR).isEmpty(), "SKIPPED: the chart has no crds/ files yet");

        String shown = new Helm(Chart.CHART_DIR).show().crds().call();

        ObjectMapper yaml = new YAMLMapper();
        List<CustomResourceDefinition> crds =
                yaml
                        .readerFor(CustomResourceDefinition.class)
                        .<CustomResourceDefinition>readValues(shown)
                        .readAll()
                        .stream()
                        .filter(c -> c != null && c.getSpec() != null)
                        .collect(Collectors.toList());
        assertThat(crds)
                .extracting(c -> c.getMetadata().getName())
                .contains("sparsesweeps.sparsesweep.io");
        CustomResourceDefinition sweep =
                crds.stream()
                        .filter(
                                c ->
                                        c.getMetadata()
                                                .getName()
                                                .equals("sparsesweeps.sparsesweep.io"))
                        .findFirst()
                        .orElseThrow();
        assertThat(sweep.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(sweep.getSpec().getVersions())
                .anySatisfy(v -> assertThat(v.getSubresources().getStatus()).isNotNull());
    }

    private static Map<String, String> yamlFiles(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.collect(Collectors.toList())) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && (name.endsWith(".yml") || name.endsWith(".yaml"))) {
                    files.put(name, Files.readString(p));
                }
            }
        }
        return files;
    }
}
