package io.sparsesweep.cli.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the candidate trainer as a child process: captures both streams, kills it when its time is
 * up, and can send it SIGTERM mid-run as a pod's kubelet would. The one place that starts
 * processes; the clauses only judge the {@link TrainerRun}s it returns. The trainer runs in the
 * caller's working directory, as the command was typed.
 */
final class TrainerLauncher {
    /**
     * When to send SIGTERM: {@code afterFirstOutput} after the trainer's first line of output (a
     * trainer that prints has started, so its handler is in place), or at {@code latest} after the
     * start if it prints nothing; the run then has {@code grace} to exit.
     */
    record SigtermPlan(Duration afterFirstOutput, Duration latest, Duration grace) {}

    TrainerRun run(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        return run(command, env, timeout, null);
    }

    TrainerRun run(
            List<String> command, Map<String, String> env, Duration timeout, SigtermPlan sigterm)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new TrainerRun(
                    127, "", "could not start " + command.get(0) + ": " + e.getMessage(), 0, -1);
        }
        AtomicLong firstOutput = new AtomicLong(-1);
        StringBuffer out = new StringBuffer();
        StringBuffer err = new StringBuffer();
        Thread o = drain(p.getInputStream(), out, firstOutput);
        Thread e = drain(p.getErrorStream(), err, firstOutput);
        long deadline = start + (sigterm == null ? timeout : sigterm.latest()).toNanos();
        long sigtermAt = -1;
        boolean exited = false;
        while (!exited) {
            exited = p.waitFor(20, TimeUnit.MILLISECONDS);
            long now = System.nanoTime();
            if (exited) {
                break;
            }
            if (sigterm != null && sigtermAt < 0) {
                long first = firstOutput.get();
                if ((first >= 0 && now - first >= sigterm.afterFirstOutput().toNanos())
                        || now >= deadline) {
                    // Process.destroy() would also close our ends of the pipes; the handle's
                    // destroy() only sends SIGTERM.
                    p.toHandle().destroy();
                    sigtermAt = now;
                    deadline = now + sigterm.grace().toNanos();
                }
            } else if (now >= deadline) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.toHandle().destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                break;
            }
        }
        o.join(5000);
        e.join(5000);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TrainerRun(
                exited ? p.exitValue() : null,
                out.toString(),
                err.toString(),
                seconds,
                sigtermAt < 0 ? -1 : (sigtermAt - start) / 1e9);
    }

    private static Thread drain(InputStream in, StringBuffer into, AtomicLong firstOutput) {
        Thread t =
                new Thread(
                        () -> {
                            char[] buf = new char[8192];
                            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                                int n;
                                while ((n = r.read(buf)) > 0) {
                                    if (new String(buf, 0, n).indexOf('\n') >= 0) {
                                        firstOutput.compareAndSet(-1, System.nanoTime());
                                    }
                                    into.append(buf, 0, n);
                                    // Keep the tail bounded (the result line is last): a chatty
                                    // trainer may run for minutes.
                                    if (into.length() > 2_000_000) {
                                        into.delete(0, into.length() - 1_000_000);
                                    }
                                }
                            } catch (IOException ignored) {
                                // the process ended; what was read is kept
                            }
                        },
                        "trainer-check-drain");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
