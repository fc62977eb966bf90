package io.sparsesweep.operator.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.operator.OperatorMain;
import io.sparsesweep.operator.testing.SweepCluster;
import io.sparsesweep.operator.testing.TestSweeps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's logs as a log pipeline reads them: the real {@link OperatorMain} in its own JVM
 * (Log4j configures itself once per process), against the mock API server, reconciling a sweep.
 * With {@code SPARSESWEEP_LOG_FORMAT=json} every line of its standard error parses as one JSON
 * object with timestamp, level, logger and message, reconcile lines carry the sweep's namespace and
 * name, and the trial launch lines (made on the Job-creating threads) carry the trial, attempt and
 * Job as well; by default the lines are text.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OperatorLogFormatTest {
    static KubernetesClient client;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Process start(Path dir, Map<String, String> env) throws IOException {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(
                kubeconfig,
                """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: mock, user: {token: mock}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: research}}]
                current-context: mock
                """
                        .formatted(client.getConfiguration().getMasterUrl()));
        ProcessBuilder pb =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx192m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                OperatorMain.class.getName())
                        .redirectOutput(dir.resolve("stdout").toFile())
                        .redirectError(dir.resolve("stderr").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS"); // the JVM would say so on stderr
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        pb.environment().put("SPARSESWEEP_WATCH_NAMESPACES", "research");
        pb.environment().put("SPARSESWEEP_METRICS_PORT", "0");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static List<String> lines(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("stderr"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .toList();
    }

    private static void await(String what, Path dir, Predicate<List<String>> done)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!done.test(lines(dir))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; log: " + lines(dir));
            }
            Thread.sleep(200);
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM: the shutdown hook stops the operator and logs it
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    @Test
    void jsonLogsAreOneObjectPerLineWithTheSweepAndTrialAsFields(@TempDir Path dir)
            throws Exception {
        SweepCluster cluster = new SweepCluster(client, "research").installCrd();
        SparseSweep s = TestSweeps.small();
        s.getMetadata().setName("live");
        cluster.create(s);
        Process p = start(dir, Map.of("SPARSESWEEP_LOG_FORMAT", "json"));
        try {
            await(
                    "the trial launches logged",
                    dir,
                    l -> l.stream().filter(x -> x.contains("trial launched")).count() >= 2);
        } finally {
            stop(p);
        }
        assertThat(cluster.trialJobs("live")).hasSize(2);

        List<JsonNode> events = new ArrayList<>();
        for (String line : lines(dir)) {
            JsonNode e = JSON.readTree(line); // throws on anything but one JSON value
            assertThat(e.isObject()).as(line).isTrue();
            for (String field : List.of("timestamp", "level", "logger", "message")) {
                assertThat(e.path(field).asText()).as(field + " of " + line).isNotBlank();
            }
            OffsetDateTime.parse(e.get("timestamp").asText());
            assertThat(e.get("level").asText()).isIn("ERROR", "WARN", "INFO", "DEBUG", "TRACE");
            events.add(e);
        }
        assertThat(events)
                .as("the operator's start line")
                .anyMatch(e -> e.get("message").asText().startsWith("operator started"));
        List<JsonNode> launches =
                events.stream()
                        .filter(e -> e.get("message").asText().startsWith("trial launched"))
                        .toList();
        assertThat(launches)
                .hasSize(2)
                .allSatisfy(
                        e -> {
                            assertThat(e.path("namespace").asText()).isEqualTo("research");
                            assertThat(e.path("sweep").asText()).isEqualTo("live");
                            assertThat(e.path("trial").asText()).matches("[0-9a-f]{8}");
                            assertThat(e.path("attempt").asText()).isEqualTo("1");
                            assertThat(e.path("job").asText())
                                    .isEqualTo("live-" + e.path("trial").asText() + "-a1");
                        });
        assertThat(events)
                .as("fields absent from the context are left out, not null")
                .noneMatch(e -> e.has("trial") && e.get("trial").isNull());
    }

    @Test
    void textIsTheDefault(@TempDir Path dir) throws Exception {
        Process p = start(dir, Map.of());
        try {
            await(
                    "the start line",
                    dir,
                    l -> l.stream().anyMatch(x -> x.contains("operator started")));
        } finally {
            stop(p);
        }
        assertThat(lines(dir))
                .isNotEmpty()
                .noneMatch(l -> l.startsWith("{"))
                .anyMatch(
                        l ->
                                l.matches(
                                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO +\\S+ - operator started.*"));
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheValue() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogSetup.configure("xml", "info"))
                .hasMessageContaining("'xml'")
                .hasMessageContaining("text, json");
    }
}
