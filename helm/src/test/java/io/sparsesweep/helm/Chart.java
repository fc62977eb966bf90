package io.sparsesweep.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart under test, rendered by real Helm (helm-java's native library) with values written to a
 * file, as a user's {@code -f values.yaml} would be.
 */
final class Chart {
    static final String RELEASE = "ssw";
    static final String NAMESPACE = "sparsesweep-system";

    /** Module base directory: Maven sets {@code basedir}; IDEs run from the module directory. */
    static final Path MODULE_DIR = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath();

    static final Path CHART_DIR = MODULE_DIR.resolve("sparsesweep");

    /** Documented values sets (docs/helm.md links them); each must render and stay hardened. */
    static final Path EXAMPLES_DIR = MODULE_DIR.resolve("examples");

    private static final ObjectMapper YAML = new YAMLMapper();

    private Chart() {}

    /** Renders the chart with the default values. */
    static Rendered render() {
        return render(Map.of());
    }

    /** Renders the chart with these values on top of values.yaml. */
    static Rendered render(Map<String, ?> values) {
        try {
            Path valuesFile = Files.createTempFile("sparsesweep-values", ".yaml");
            try {
                YAML.writeValue(valuesFile.toFile(), values);
                return renderFile(valuesFile);
            } finally {
                Files.deleteIfExists(valuesFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders the chart with a values file (null: defaults only). */
    static Rendered renderFile(Path valuesFile) {
        TemplateCommand template =
                new Helm(CHART_DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        return Rendered.parse(template.call());
    }

    /** Renders with one file of helm/examples/, or with the defaults for "default". */
    static Rendered renderExample(String name) {
        return "default".equals(name) ? renderFile(null) : renderFile(EXAMPLES_DIR.resolve(name));
    }

    /** "default" plus the file names under helm/examples/, sorted. */
    static List<String> exampleNames() {
        try (Stream<Path> files = Files.list(EXAMPLES_DIR)) {
            List<String> names = new ArrayList<>();
            names.add("default");
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .sorted()
                    .forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a YAML file into a plain map (for values files and the operator config file). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readYaml(String yaml) {
        try {
            return new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
