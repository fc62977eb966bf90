package io.sparsesweep.operator;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How to run the operator process (as opposed to what it does: {@code OperatorSettings}). Comes
 * from the environment the Helm chart sets, or from {@code ./sparsesweep operator} flags.
 *
 * @param config the operator config file (the chart's config.yaml), or null for defaults
 * @param watchNamespaces namespaces to watch, overriding the config; null: as configured
 * @param leaderElection whether to take a Lease before reconciling
 * @param leaseName the Lease's name
 * @param leaseNamespace the Lease's namespace (null: the client's namespace)
 * @param identity this instance's identity in the Lease (null: a generated one)
 * @param metricsPort port of /metrics, /healthz and /readyz (0: no HTTP server)
 * @param trainerImage default trainer image, overriding the config (null: as configured); the
 *     fitting image is the operator's own unless the config names one
 */
public record OperatorOptions(
        Path config,
        Set<String> watchNamespaces,
        boolean leaderElection,
        String leaseName,
        String leaseNamespace,
        String identity,
        int metricsPort,
        String trainerImage) {

    /** The variable that sets {@link #metricsPort}. */
    public static final String METRICS_PORT_ENV = "SPARSESWEEP_METRICS_PORT";

    /** Default Lease name. */
    public static final String DEFAULT_LEASE = "sparsesweep-operator";

    /** Options from the variables the Helm chart sets (see docs/helm.md). */
    public static OperatorOptions fromEnvironment(Map<String, String> env) {
        String config = env.get("SPARSESWEEP_CONFIG");
        String namespaces = env.get("SPARSESWEEP_WATCH_NAMESPACES");
        return new OperatorOptions(
                config == null || config.isBlank() ? null : Path.of(config),
                namespaces == null ? null : parseNamespaces(namespaces),
                Boolean.parseBoolean(env.getOrDefault("SPARSESWEEP_LEADER_ELECTION", "false")),
                env.getOrDefault("SPARSESWEEP_LEASE_NAME", DEFAULT_LEASE),
                env.get("POD_NAMESPACE"),
                env.get("POD_NAME"),
                port(METRICS_PORT_ENV, env.get(METRICS_PORT_ENV), 8080),
                env.get("SPARSESWEEP_TRAINER_IMAGE"));
    }

    /**
     * A port from the variable {@code name}: unset or blank is {@code fallback}; anything but a
     * whole number from 0 to 65535 is an error naming the variable and the value (an admin's typo
     * should not surface as a NumberFormatException stack trace at start-up).
     */
    static int port(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.strip();
        if (v.matches("[0-9]{1,5}") && Integer.parseInt(v) <= 65535) {
            return Integer.parseInt(v);
        }
        throw new IllegalArgumentException(
                name
                        + ": '"
                        + value
                        + "' is not a port number (a whole number from 0 to 65535; 0: no HTTP"
                        + " server)");
    }

    /** Comma-separated namespaces; blank means all. */
    public static Set<String> parseNamespaces(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
