package io.sparsesweep.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chart and images carry one version, the project's: the release step ({@link ChartRelease}, run by
 * the build at package) stamps it into the packaged chart, whose default image tags are then the
 * tags Jib gives the images of the same build; the source chart carries the same version without
 * {@code -SNAPSHOT}, so a release bump cannot forget it.
 */
class ChartReleaseTest {
    private static final String PROJECT_VERSION =
            System.getProperty("sparsesweep.version", "unknown");

    @Test
    void thePackagedChartCarriesTheVersionAndDefaultsToTheImagesOfThatVersion(@TempDir Path out)
            throws IOException {
        Path tgz = ChartRelease.release(Chart.CHART_DIR, "9.8.7-rc.1", out);
        assertThat(tgz.getFileName().toString()).isEqualTo("sparsesweep-9.8.7-rc.1.tgz");
        Rendered r =
                Rendered.parse(new Helm(tgz).template().withName("ssw").withNamespace("ns").call());
        Deployment d = r.operatorDeployment();
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("sparsesweep/operator:9.8.7-rc.1");
        assertThat(d.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/version", "9.8.7-rc.1")
                .containsEntry("helm.sh/chart", "sparsesweep-9.8.7-rc.1");
        assertThat(((Map<?, ?>) r.operatorConfig().get("defaults")).get("trainerImage"))
                .isEqualTo("sparsesweep/runner:9.8.7-rc.1");
    }

    @Test
    void theSourceChartCarriesTheProjectsReleaseVersion() throws IOException {
        assertThat(PROJECT_VERSION).as("sparsesweep.version from the pom").isNotEqualTo("unknown");
        Map<String, Object> chart =
                Chart.readYaml(Files.readString(Chart.CHART_DIR.resolve("Chart.yaml")));
        String release = PROJECT_VERSION.replace("-SNAPSHOT", "");
        assertThat(chart).containsEntry("version", release).containsEntry("appVersion", release);
    }

    @Test
    void theImagesAreTaggedWithTheProjectVersionUnderTheChartsRepositories() throws IOException {
        Map<String, Object> values =
                Chart.readYaml(Files.readString(Chart.CHART_DIR.resolve("values.yaml")));
        Path root = Chart.MODULE_DIR.getParent();
        assertThat(Files.readString(root.resolve("operator/pom.xml")))
                .contains(
                        "<image.operator>"
                                + repository(values, "operator", "image")
                                + ":${project.version}</image.operator>");
        assertThat(Files.readString(root.resolve("cli/pom.xml")))
                .contains(
                        "<image.runner>"
                                + repository(values, "sweeps", "trainerImage")
                                + ":${project.version}</image.runner>");
    }

    @SuppressWarnings("unchecked")
    private static String repository(Map<String, Object> values, String section, String image) {
        Map<String, Object> s = (Map<String, Object>) values.get(section);
        return (String) ((Map<String, Object>) s.get(image)).get("repository");
    }
}
