package io.sparsesweep.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator's JVM flags are the same wherever it runs: the chart's default {@code
 * operator.javaOptions} (rendered as {@code JAVA_TOOL_OPTIONS}, and used as is by the scale
 * benchmark), the operator image's {@code JAVA_TOOL_OPTIONS} default (operator/pom.xml) and the
 * {@code ./sparsesweep operator} launcher. The heap they allow also leaves room for the rest of the
 * JVM under the chart's memory limit.
 */
class OperatorJvmOptionsTest {
    private static final Path REPO = Chart.MODULE_DIR.getParent();

    private static Container operatorContainer() {
        return Chart.render()
                .operatorDeployment()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    private static String chartDefault() {
        return operatorContainer().getEnv().stream()
                .filter(e -> "JAVA_TOOL_OPTIONS".equals(e.getName()))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow();
    }

    private static String find(Path file, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(m.find()).as("%s in %s", regex, file).isTrue();
        return m.group(1);
    }

    @Test
    void imageAndLauncherUseTheChartDefault() throws IOException {
        String chart = chartDefault();

        assertThat(find(REPO.resolve("operator/pom.xml"), "<JAVA_TOOL_OPTIONS>([^<]*)<"))
                .isEqualTo(chart);
        assertThat(find(REPO.resolve("sparsesweep"), "(?m)^operator_java_options=\"([^\"]*)\""))
                .isEqualTo(chart);
    }

    @Test
    void heapAndMetaspaceFitTheMemoryLimitWithRoomForTheRest() {
        String opts = chartDefault();
        Matcher xmx = Pattern.compile("-Xmx(\\d+)m").matcher(opts);
        Matcher meta = Pattern.compile("-XX:MaxMetaspaceSize=(\\d+)m").matcher(opts);
        assertThat(xmx.find()).as(opts).isTrue();
        assertThat(meta.find()).as(opts).isTrue();
        Quantity limit = operatorContainer().getResources().getLimits().get("memory");
        long limitMib = Quantity.getAmountInBytes(limit).longValue() >> 20;

        // Measured (BENCHMARKS.md, scale benchmark): ~120 MB of the peak RSS is not heap, of which
        // ~40 MB is metaspace; 96 MiB is kept for code cache, threads, symbols and malloc.
        assertThat(Long.parseLong(xmx.group(1)) + Long.parseLong(meta.group(1)) + 96)
                .as("heap + metaspace + the rest, MiB, for %s", opts)
                .isLessThanOrEqualTo(limitMib);
        assertThat(opts).contains("-XX:+ExitOnOutOfMemoryError");
    }
}
