package io.sparsesweep.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running test control plane started by {@code testbed/start.sh}: where its files are and how to
 * talk to it. All process control goes through the scripts in {@code testbed/}, so a control plane
 * started by hand and one started by a test behave the same.
 */
public final class Testbed implements AutoCloseable {
    private final TestbedScripts scripts;
    private final Path stateDir;
    private final Map<String, String> env;
    private final boolean owned;

    private Testbed(TestbedScripts scripts, Path stateDir, Map<String, String> env, boolean owned) {
        this.scripts = scripts;
        this.stateDir = stateDir;
        this.env = env;
        this.owned = owned;
    }

    /** Starts a new control plane in {@code stateDir}; {@link #close()} stops it. */
    static Testbed start(TestbedScripts scripts, Path stateDir, Path logDir)
            throws IOException, InterruptedException {
        scripts.start(stateDir, logDir);
        return new Testbed(scripts, stateDir, readEnv(stateDir), true);
    }

    /**
     * Starts a new control plane with {@code start.sh OPTIONS} (e.g. {@code --real-node}) and
     * {@code env}; {@link #close()} stops it (and its real node).
     */
    static Testbed start(
            TestbedScripts scripts,
            Path stateDir,
            Path logDir,
            List<String> options,
            Map<String, String> env)
            throws IOException, InterruptedException {
        scripts.start(stateDir, logDir, options, env);
        return new Testbed(scripts, stateDir, readEnv(stateDir), true);
    }

    /** Attaches to a control plane someone else started; {@link #close()} leaves it running. */
    static Testbed attach(TestbedScripts scripts, Path stateDir) throws IOException {
        return new Testbed(scripts, stateDir, readEnv(stateDir), false);
    }

    private static Map<String, String> readEnv(Path stateDir) throws IOException {
        Path file = stateDir.resolve("testbed.env");
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        for (String key : List.of("TESTBED_KUBECONFIG", "TESTBED_BIN", "TESTBED_LOGS")) {
            if (!env.containsKey(key)) {
                throw new IOException(file + " lacks " + key);
            }
        }
        return env;
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path kubeconfig() {
        return Path.of(env.get("TESTBED_KUBECONFIG"));
    }

    public String kubeconfigYaml() {
        try {
            return Files.readString(kubeconfig(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + kubeconfig(), e);
        }
    }

    /** The directory holding etcd, kube-apiserver, kubectl, kwok, ... */
    public Path binDir() {
        return Path.of(env.get("TESTBED_BIN"));
    }

    /** Component logs (and anything a test wants to keep next to them). */
    public Path logDir() {
        return Path.of(env.get("TESTBED_LOGS"));
    }

    /** The API server URL, e.g. {@code https://127.0.0.1:34567}. */
    public String apiServerUrl() {
        return env.get("TESTBED_API_URL");
    }

    /** A new client with cluster-admin rights (the caller closes it). */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfigYaml()))
                .build();
    }

    /**
     * A client that authenticates with the given bearer token instead (e.g. a ServiceAccount's).
     */
    public KubernetesClient newClientWithToken(String token) {
        Config config = Config.fromKubeconfig(kubeconfigYaml());
        config.setOauthToken(token);
        config.setAutoOAuthToken(token);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The real node's name ({@code testbed/start.sh --real-node}), or null without one. */
    public String realNodeName() {
        return env.get("REALNODE_NAME");
    }

    /**
     * A directory on the real node's disk for test volumes (hostPath PersistentVolumes); removed
     * with the node.
     */
    public Path realNodeVolumes() {
        String v = env.get("REALNODE_VOLUMES");
        if (v == null) {
            throw new IllegalStateException("this test bed has no real node");
        }
        return Path.of(v);
    }

    /** The real kubectl of the test bed, pointed at this control plane. */
    public Kubectl kubectl() {
        return new Kubectl(binDir().resolve("kubectl"), kubeconfig());
    }

    /**
     * Stops one component ({@code kube-apiserver}, {@code etcd}, {@code kube-controller-manager},
     * {@code kube-scheduler}, {@code kwok}) and starts it again with the same flags and data after
     * {@code down}. For the API server this returns once it is ready again.
     */
    public void restart(String component, Duration down) throws IOException, InterruptedException {
        scripts.restart(stateDir, component, down);
    }

    /**
     * Why the real JobSet controller is not available ({@code testbed/jobset.sh build} not run), or
     * empty.
     */
    public java.util.Optional<String> jobSetUnavailableReason()
            throws IOException, InterruptedException {
        return scripts.jobSetUnavailableReason();
    }

    /**
     * Starts the real JobSet controller (its CRD, the controller, its webhooks) in this control
     * plane, once: later calls find it running. It stops with the control plane.
     */
    public synchronized void startJobSet() throws IOException, InterruptedException {
        scripts.startJobSet(stateDir);
    }

    /**
     * Records a process a test started (e.g. an operator JVM) so that {@code testbed/stop.sh} ends
     * it by PID even if the test JVM dies first.
     */
    public void registerProcess(String name, long pid) throws IOException {
        Files.writeString(stateDir.resolve("pids").resolve(name + ".pid"), pid + "\n");
    }

    public void unregisterProcess(String name) throws IOException {
        Files.deleteIfExists(stateDir.resolve("pids").resolve(name + ".pid"));
    }

    @Override
    public void close() throws IOException {
        if (owned) {
            try {
                scripts.stop(stateDir);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping the test bed", e);
            }
        }
    }
}
