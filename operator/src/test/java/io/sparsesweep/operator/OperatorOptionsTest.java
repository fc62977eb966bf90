package io.sparsesweep.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OperatorOptionsTest {
    @Test
    void theMetricsPortComesFromTheEnvironmentAndDefaultsTo8080() {
        assertThat(OperatorOptions.fromEnvironment(Map.of()).metricsPort()).isEqualTo(8080);
        assertThat(
                        OperatorOptions.fromEnvironment(Map.of("SPARSESWEEP_METRICS_PORT", " "))
                                .metricsPort())
                .isEqualTo(8080);
        assertThat(
                        OperatorOptions.fromEnvironment(Map.of("SPARSESWEEP_METRICS_PORT", "9090"))
                                .metricsPort())
                .isEqualTo(9090);
        assertThat(
                        OperatorOptions.fromEnvironment(Map.of("SPARSESWEEP_METRICS_PORT", "0"))
                                .metricsPort())
                .as("0 turns the HTTP server off")
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "80.5", "-1", "65536", "99999999999", "0x50", "8080 8081"})
    void aBadMetricsPortIsAnErrorNamingTheVariableAndTheValue(String bad) {
        assertThatThrownBy(
                        () ->
                                OperatorOptions.fromEnvironment(
                                        Map.of("SPARSESWEEP_METRICS_PORT", bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "SPARSESWEEP_METRICS_PORT: '"
                                + bad
                                + "' is not a port number (a whole number from 0 to 65535; 0: no"
                                + " HTTP server)");
    }

    @Test
    void theOperatorProcessRefusesABadPortWithOneLineAndExit2(@TempDir Path dir) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx64m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                OperatorMain.class.getName())
                        .redirectOutput(dir.resolve("stdout").toFile())
                        .redirectError(dir.resolve("stderr").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS"); // the JVM would say so on stderr
        pb.environment().put("SPARSESWEEP_METRICS_PORT", "eighty");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the operator started despite a bad SPARSESWEEP_METRICS_PORT");
        }
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8).strip())
                .isEqualTo(
                        "error: SPARSESWEEP_METRICS_PORT: 'eighty' is not a port number (a whole"
                                + " number from 0 to 65535; 0: no HTTP server)");
    }
}
