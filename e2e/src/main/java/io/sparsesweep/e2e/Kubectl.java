package io.sparsesweep.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl binary, run as a child process against the test bed. */
public final class Kubectl {
    private final Path binary;
    private final Path kubeconfig;

    Kubectl(Path binary, Path kubeconfig) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
    }

    /** What one kubectl invocation printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public Result run(String... args) {
        return run(null, Duration.ofMinutes(3), args);
    }

    /** Runs kubectl with {@code stdin} (may be null) as its standard input. */
    public Result run(String stdin, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.add("--kubeconfig=" + kubeconfig);
        cmd.addAll(List.of(args));
        try {
            Path in = Files.createTempFile("kubectl", ".in");
            Path out = Files.createTempFile("kubectl", ".out");
            Path err = Files.createTempFile("kubectl", ".err");
            try {
                Files.writeString(in, stdin == null ? "" : stdin, StandardCharsets.UTF_8);
                Process p =
                        new ProcessBuilder(cmd)
                                .redirectInput(in.toFile())
                                .redirectOutput(out.toFile())
                                .redirectError(err.toFile())
                                .start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(
                            "kubectl " + args[0] + " timed out after " + timeout);
                }
                return new Result(
                        p.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
