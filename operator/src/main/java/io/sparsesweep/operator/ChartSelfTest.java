package io.sparsesweep.operator;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sparsesweep.crd.SparseSweep;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the chart's {@code helm test} pod runs (in the operator image, so a test needs no other
 * image): the operator answers on its metrics Service ({@code /readyz} 200, {@code /metrics} with
 * the operator's own series) and the API server serves the SparseSweep resource (discovery lists
 * {@code sparsesweeps} and its status subresource). One line per check; exit 0 when all pass, 1
 * otherwise. Environment: {@code SPARSESWEEP_OPERATOR_URL} (the Service), {@code
 * SPARSESWEEP_TEST_TIMEOUT_SECONDS} (how long the operator may take to become ready, default 120).
 */
public final class ChartSelfTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KubernetesClient client;
    private final String operatorUrl;
    private final Duration patience;
    private final PrintStream out;

    ChartSelfTest(KubernetesClient client, String operatorUrl, Duration patience, PrintStream out) {
        this.client = client;
        this.operatorUrl = operatorUrl.replaceAll("/+$", "");
        this.patience = patience;
        this.out = out;
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String url = env.get("SPARSESWEEP_OPERATOR_URL");
        if (url == null || url.isBlank()) {
            System.err.println("SPARSESWEEP_OPERATOR_URL is not set");
            System.exit(2);
        }
        Duration patience =
                Duration.ofSeconds(
                        Long.parseLong(
                                env.getOrDefault("SPARSESWEEP_TEST_TIMEOUT_SECONDS", "120")));
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            System.exit(new ChartSelfTest(client, url, patience, System.out).run() ? 0 : 1);
        }
    }

    /** Runs every check; true when all pass. */
    boolean run() {
        List<String> failed = new ArrayList<>();
        check("operator ready", this::operatorReady, failed);
        check("operator metrics", this::operatorMetrics, failed);
        check("SparseSweep served", this::resourceServed, failed);
        out.println(failed.isEmpty() ? "PASS all checks" : "FAIL " + String.join(", ", failed));
        return failed.isEmpty();
    }

    private void check(String name, Check check, List<String> failed) {
        String problem;
        try {
            problem = check.problem();
        } catch (Exception e) {
            problem =
                    e.getMessage() == null
                            ? e.toString()
                            : e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (problem == null) {
            out.println("ok   " + name);
        } else {
            out.println("FAIL " + name + ": " + problem);
            failed.add(name);
        }
    }

    @FunctionalInterface
    private interface Check {
        /** Null when the check passes, else what is wrong. */
        String problem() throws Exception;
    }

    /** /readyz answers 200 within the patience (a fresh operator needs its informers synced). */
    private String operatorReady() throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        String last;
        while (true) {
            try {
                HttpResponse<String> r = get("/readyz");
                if (r.statusCode() == 200) {
                    return null;
                }
                last = "GET /readyz answered " + r.statusCode();
            } catch (java.io.IOException e) {
                last = "GET " + operatorUrl + "/readyz: " + e;
            }
            if (System.nanoTime() > deadline) {
                return last + " (waited " + patience.toSeconds() + " s)";
            }
            Thread.sleep(2000);
        }
    }

    private String operatorMetrics() throws Exception {
        HttpResponse<String> r = get("/metrics");
        if (r.statusCode() != 200) {
            return "GET /metrics answered " + r.statusCode();
        }
        // The operator's own series are registered at start, before any sweep exists.
        if (r.body().lines().noneMatch(l -> l.startsWith("sparsesweep_"))) {
            return "/metrics has no sparsesweep_ series";
        }
        return null;
    }

    private String resourceServed() {
        String groupVersion = SparseSweep.GROUP + "/" + SparseSweep.VERSION;
        APIResourceList list = client.getApiResources(groupVersion);
        if (list == null) {
            return "the API server does not serve " + groupVersion;
        }
        Set<String> names =
                list.getResources().stream().map(APIResource::getName).collect(Collectors.toSet());
        if (!names.contains("sparsesweeps") || !names.contains("sparsesweeps/status")) {
            return groupVersion + " serves " + names + ", not sparsesweeps and its status";
        }
        return null;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(operatorUrl + path))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
