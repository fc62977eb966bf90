package io.sparsesweep.e2e;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator as its own process, {@code ./sparsesweep operator}, exactly as a user runs it: the
 * chart's config file, the chart's operator ServiceAccount (a TokenRequest token in its
 * kubeconfig), no metrics port. The drills kill it with SIGKILL and start it again; its PID is
 * registered with the test bed so {@code testbed/stop.sh} ends it even if the test JVM dies.
 */
final class OperatorProcess implements AutoCloseable {
    private final Testbed testbed;
    private final List<String> command;
    private final Path kubeconfig;
    private final Path log;
    private final java.util.Map<String, String> extraEnv = new java.util.HashMap<>();
    private Process process;
    private int starts;
    private long peakRssKb;
    private long cpuTicks;

    private OperatorProcess(Testbed testbed, List<String> command, Path kubeconfig, Path log) {
        this.testbed = testbed;
        this.command = command;
        this.kubeconfig = kubeconfig;
        this.log = log;
    }

    /** Prepares (does not start) an operator watching {@code namespaces}. */
    static OperatorProcess prepare(
            Testbed testbed,
            KubernetesClient admin,
            ChartInstall chart,
            String logName,
            String... namespaces)
            throws IOException {
        Path repo = Crds.repoDir();
        Path dir = Files.createTempDirectory("operator-" + logName);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, chart.operatorConfigYaml, StandardCharsets.UTF_8);
        String token =
                admin.serviceAccounts()
                        .inNamespace(ChartInstall.NAMESPACE)
                        .withName(chart.operatorServiceAccount)
                        .tokenRequest(
                                new TokenRequestBuilder()
                                        .withNewSpec()
                                        .withExpirationSeconds(7200L)
                                        .endSpec()
                                        .build())
                        .getStatus()
                        .getToken();
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(
                kubeconfig,
                testbed.kubeconfigYaml().replaceAll("token: .*", "token: " + token),
                StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>();
        cmd.add(repo.resolve("sparsesweep").toString());
        cmd.add("operator");
        cmd.add("--config=" + config);
        cmd.add("--metrics-port=0");
        cmd.add("--namespaces=" + String.join(",", namespaces));
        OperatorProcess operator =
                new OperatorProcess(
                        testbed, cmd, kubeconfig, testbed.logDir().resolve(logName + ".log"));
        // The JVM flags of the chart's Deployment (operator.javaOptions), as in a real install;
        // without them the JVM would size its heap from this machine's RAM.
        operator.extraEnv.put("JAVA_TOOL_OPTIONS", chart.operatorJavaOptions);
        return operator;
    }

    /**
     * JVM flags for a fast start (client compiler only, serial GC): the kill drill restarts the
     * operator 20 times, and startup dominates its run time on 2 cores. Not for measurements. The
     * chart's default operator.javaOptions include both flags now; this keeps the drill fast if
     * that default changes.
     */
    OperatorProcess withFastStartJvm() {
        extraEnv.put("SPARSESWEEP_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        return this;
    }

    /** Builds the CLI if its sources changed (so later restarts start in seconds). */
    static void buildCli() throws IOException, InterruptedException {
        Path repo = Crds.repoDir();
        Process p =
                new ProcessBuilder(repo.resolve("sparsesweep").toString(), "--version")
                        .directory(repo.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("./sparsesweep --version failed (CLI build)");
        }
    }

    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("operator already running");
        }
        Files.writeString(
                log,
                "=== start " + (++starts) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .directory(Crds.repoDir().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        pb.environment().put("SPARSESWEEP_SKIP_BUILD", "1");
        pb.environment().putAll(extraEnv);
        process = pb.start();
        testbed.registerProcess("operator", process.pid());
    }

    /**
     * Waits until the current process logged that it started (controllers running), so that a kill
     * afterwards lands while it reconciles rather than while the JVM boots.
     */
    void awaitStarted(Duration timeout) throws IOException, InterruptedException {
        String marker = "=== start " + starts + "\n";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            int at = text.lastIndexOf(marker);
            if (at >= 0 && text.indexOf("operator started", at) >= 0) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException(
                        "operator exited with " + process.exitValue() + "; see " + log);
            }
            Thread.sleep(100);
        }
        throw new IOException(
                "operator did not log 'operator started' within " + timeout + "; see " + log);
    }

    /** SIGKILL: no shutdown hook, no graceful anything. Waits until the process is gone. */
    synchronized void kill() throws InterruptedException {
        sample();
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGKILL at once, without sampling first, from any thread (e.g. a watch callback): the kill
     * should land within a millisecond or two of the event that triggered it.
     */
    void killNow() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    /** Waits until the process killed by {@link #killNow} is gone. */
    synchronized void awaitDead() throws InterruptedException {
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Records peak RSS and CPU ticks of the running process from /proc (Linux). */
    synchronized void sample() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    peakRssKb = Math.max(peakRssKb, Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            cpuTicks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
        } catch (IOException | RuntimeException e) {
            // the process just exited: keep the last sample
        }
    }

    /** Peak resident memory seen so far (kB). */
    long peakRssKb() {
        return peakRssKb;
    }

    /** CPU seconds used by the current process (as of the last sample). */
    double cpuSeconds() {
        return cpuTicks / 100.0; // USER_HZ is 100 on Linux
    }

    int starts() {
        return starts;
    }

    Path log() {
        return log;
    }

    @Override
    public synchronized void close() throws IOException {
        if (process != null && process.isAlive()) {
            sample();
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        testbed.unregisterProcess("operator");
    }
}
