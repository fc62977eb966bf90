package io.sparsesweep.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the shell scripts in {@code testbed/}: the one place that starts and stops processes. */
final class TestbedScripts {
    private final Path dir;

    TestbedScripts(Path dir) {
        this.dir = dir;
    }

    /** Why the control plane cannot start here, or empty if it can. */
    Optional<String> unavailableReason() throws IOException, InterruptedException {
        return unavailableReason(List.of());
    }

    /**
     * Why the control plane cannot start here with {@code options} of {@code start.sh} (e.g. {@code
     * --real-node}), or empty if it can.
     */
    Optional<String> unavailableReason(List<String> options)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(dir.resolve("start.sh"))) {
            return Optional.of("no testbed scripts at " + dir);
        }
        List<String> args = new ArrayList<>(List.of("--check"));
        args.addAll(options);
        Result r = run(Duration.ofSeconds(30), null, "start.sh", args.toArray(String[]::new));
        return r.exit == 0
                ? Optional.empty()
                : Optional.of(
                        r.output.strip()
                                + " — build the binaries with testbed/build.sh (see docs/testbed.md)");
    }

    void start(Path stateDir, Path logDir) throws IOException, InterruptedException {
        start(stateDir, logDir, List.of(), Map.of());
    }

    /** {@code start.sh OPTIONS STATE_DIR} with {@code env} added to the environment. */
    void start(Path stateDir, Path logDir, List<String> options, Map<String, String> env)
            throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Map<String, String> fullEnv = new java.util.HashMap<>(env);
        fullEnv.put("TESTBED_LOG_DIR", logDir.toString());
        List<String> args = new ArrayList<>(options);
        args.add(stateDir.toString());
        Result r = run(Duration.ofMinutes(8), fullEnv, "start.sh", args.toArray(String[]::new));
        Files.writeString(logDir.resolve("start.log"), r.output, StandardCharsets.UTF_8);
        System.out.print(r.output);
        if (r.exit != 0) {
            stop(stateDir);
            throw new IOException(
                    "testbed/start.sh failed (exit "
                            + r.exit
                            + "); logs in "
                            + logDir
                            + "\n"
                            + r.output);
        }
    }

    /** Why the JobSet controller cannot start here ({@code jobset.sh check}), or empty. */
    Optional<String> jobSetUnavailableReason() throws IOException, InterruptedException {
        Result r = run(Duration.ofSeconds(30), null, "jobset.sh", "check");
        return r.exit == 0 ? Optional.empty() : Optional.of(r.output.strip());
    }

    /** Starts the JobSet controller beside the running test bed (idempotent). */
    void startJobSet(Path stateDir) throws IOException, InterruptedException {
        Result r = run(Duration.ofMinutes(3), null, "jobset.sh", "start", stateDir.toString());
        System.out.print(r.output);
        if (r.exit != 0) {
            throw new IOException(
                    "testbed/jobset.sh start failed (exit " + r.exit + "): " + r.output);
        }
    }

    void stop(Path stateDir) throws IOException, InterruptedException {
        Result r = run(Duration.ofMinutes(3), null, "stop.sh", stateDir.toString());
        System.out.print(r.output);
    }

    /**
     * What a real node left on this machine ({@code real-node.sh leftovers}): empty when nothing,
     * else one line per process, link, rule, chain, mount or cgroup.
     */
    Optional<String> realNodeLeftovers() throws IOException, InterruptedException {
        Result r = run(Duration.ofSeconds(30), null, "real-node.sh", "leftovers");
        return r.exit == 0 ? Optional.empty() : Optional.of(r.output.strip());
    }

    /** Imports image tarballs into the running real node's containerd. */
    void importImages(Path stateDir, List<Path> images) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("import", stateDir.toString()));
        images.forEach(i -> args.add(i.toString()));
        Result r = run(Duration.ofMinutes(5), null, "real-node.sh", args.toArray(String[]::new));
        if (r.exit != 0) {
            throw new IOException("testbed/real-node.sh import failed: " + r.output);
        }
    }

    void restart(Path stateDir, String component, Duration down)
            throws IOException, InterruptedException {
        Result r =
                run(
                        Duration.ofMinutes(4).plus(down),
                        null,
                        "restart.sh",
                        stateDir.toString(),
                        component,
                        Long.toString(down.toSeconds()));
        if (r.exit != 0) {
            throw new IOException("testbed/restart.sh " + component + " failed: " + r.output);
        }
    }

    private record Result(int exit, String output) {}

    private Result run(Duration timeout, Map<String, String> env, String script, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", dir.resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (env != null) {
            pb.environment().putAll(env);
        }
        Path out = Files.createTempFile("testbed-" + script, ".out");
        try {
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(
                        "testbed/"
                                + script
                                + " did not finish within "
                                + timeout
                                + ": "
                                + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
