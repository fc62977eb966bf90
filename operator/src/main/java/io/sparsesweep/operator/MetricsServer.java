package io.sparsesweep.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** Serves /metrics (Prometheus text), /healthz (process alive) and /readyz (informers healthy). */
final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    MetricsServer(int port, PrometheusMeterRegistry registry, BooleanSupplier ready)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext(
                "/metrics",
                x -> reply(x, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/healthz", x -> reply(x, 200, "text/plain", "ok\n"));
        server.createContext(
                "/readyz",
                x -> {
                    boolean ok = ready.getAsBoolean();
                    reply(x, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not ready\n");
                });
        server.start();
    }

    /** The port actually bound (useful with port 0 in tests). */
    int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange x, int code, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(1);
    }
}
