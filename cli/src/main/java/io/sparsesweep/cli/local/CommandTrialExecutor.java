package io.sparsesweep.cli.local;

import io.sparsesweep.core.plan.Trial;
import io.sparsesweep.protocol.TrialExitCodes;
import io.sparsesweep.protocol.TrialProtocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs each trial attempt as a process of the sweep's trainer command ({@code
 * spec.trainer.command}), as a trial pod runs its container: the command followed by exactly the
 * flags the operator gives that pod ({@link Trial#trainArgs(String, String)}, with {@code
 * --checkpoint-dir} the trial's checkpoint folder and {@code --result} a file in the trial's folder
 * in place of the termination message), {@code SPARSESWEEP_SWEEP}, {@code SPARSESWEEP_TRIAL},
 * {@code SPARSESWEEP_ATTEMPT} and the manifest's literal {@code spec.trainer.env} added to this
 * process's environment, in the current directory.
 *
 * <p>Exit codes as the operator maps them (docs/trainer-contract.md): 0 returns the result file's
 * text (missing or invalid: the caller's strict reader makes it {@code ResultUnavailable}); 2 is
 * bad configuration, never retried; 75 after a stop request is a trial stopped at a checkpoint, and
 * without one the same attempt is started again, as the Job controller starts a fresh pod (at most
 * {@link #MAX_RESTARTS} times); anything else is a failed attempt. A stop request (Ctrl-C, SIGTERM,
 * the sweep failing) is forwarded as SIGTERM; a trainer still running {@link #GRACE} later is
 * killed, as the kubelet does. The trainer runs in a session of its own, so a terminal's Ctrl-C
 * reaches it only as that SIGTERM (a SIGINT would kill a Python trainer before its checkpoint). Its
 * output goes to the trial's {@code events.log}; lines {@code step N/M loss X} (both example
 * trainers print them) feed the progress display.
 */
public final class CommandTrialExecutor implements TrialExecutor {
    /** Kubernetes' default terminationGracePeriodSeconds. */
    static final Duration GRACE = Duration.ofSeconds(30);

    /**
     * Starts of one attempt that ended in 75 without a stop request, before it counts as failed.
     */
    static final int MAX_RESTARTS = 10;

    /** What exec wrappers (setsid, sh) exit with when the command cannot run or is not found. */
    private static final int NOT_EXECUTABLE = 126;

    private static final int NOT_FOUND = 127;

    private static final Pattern STEP = Pattern.compile("^step (\\d+)/(\\d+) loss (\\S+)");
    private static final int TAIL_LINES = 5;

    private final List<String> command;
    private final String sweepName;
    private final Map<String, String> env;
    private final BooleanSupplier stopRequested;
    private final int threadsPerTrial;
    private final Long deadlineSeconds;

    /**
     * @param command the trainer command (spec.trainer.command), before the trial's flags
     * @param env spec.trainer.env's literal values, added to the inherited environment
     * @param threadsPerTrial {@code --threads} when the flags do not set it
     * @param deadlineSeconds spec.trainer.activeDeadlineSeconds: an attempt running longer is
     *     stopped and fails; null for none
     */
    public CommandTrialExecutor(
            List<String> command,
            String sweepName,
            Map<String, String> env,
            BooleanSupplier stopRequested,
            int threadsPerTrial,
            Long deadlineSeconds) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the trainer command is empty");
        }
        this.command = List.copyOf(command);
        this.sweepName = sweepName;
        this.env = Map.copyOf(env);
        this.stopRequested = stopRequested;
        this.threadsPerTrial = threadsPerTrial;
        this.deadlineSeconds = deadlineSeconds;
    }

    /** The command line of an attempt: the trainer command and the trial pod's flags. */
    public List<String> commandLine(Trial trial, TrialWorkspace ws) {
        List<String> line = new ArrayList<>(command);
        line.addAll(
                trial.withDefaultThreads(threadsPerTrial)
                        .trainArgs(
                                ws.checkpointDir().toAbsolutePath().toString(),
                                ws.trainerResultFile().toAbsolutePath().toString()));
        return line;
    }

    @Override
    public String run(Trial trial, int attempt, TrialWorkspace ws, Progress progress)
            throws Exception {
        Files.createDirectories(ws.checkpointDir());
        List<String> line = commandLine(trial, ws);
        Map<String, String> vars = new LinkedHashMap<>(env);
        vars.put("SPARSESWEEP_SWEEP", sweepName);
        vars.put("SPARSESWEEP_TRIAL", trial.id());
        vars.put("SPARSESWEEP_ATTEMPT", Integer.toString(attempt));
        String name = "trial " + trial.id() + " attempt " + attempt;
        try (PrintWriter events = ws.appendEvents()) {
            for (int start = 1; ; start++) {
                Files.deleteIfExists(ws.trainerResultFile());
                events.println("# " + name + ": " + String.join(" ", line));
                Ending end = runOnce(line, vars, events, progress);
                events.println("# " + name + ": " + end.describe());
                if (end.deadlineExceeded()) {
                    throw new IOException(
                            name
                                    + ": DeadlineExceeded: ran past spec.trainer.activeDeadlineSeconds="
                                    + deadlineSeconds
                                    + " ("
                                    + end.describe()
                                    + ")");
                }
                if (end.code() == TrialExitCodes.OK) {
                    return readResult(ws.trainerResultFile());
                }
                if (end.code() == TrialExitCodes.BAD_INPUT) {
                    throw new BadConfiguration(name + ": " + end.describe(), null);
                }
                if (end.code() == NOT_EXECUTABLE || end.code() == NOT_FOUND) {
                    // setsid (or a wrapper script) could not run the command: no retry helps.
                    throw new BadConfiguration(
                            "spec.trainer.command: cannot run "
                                    + String.join(" ", command)
                                    + ": "
                                    + end.describe(),
                            null);
                }
                if (end.stopped()) {
                    // 75 as asked, or a trainer that died on SIGTERM: the next run resumes from
                    // whatever checkpoint it left, as a cluster's next pod would.
                    throw new InterruptedException(name + " stopped: " + end.describe());
                }
                if (end.code() != TrialExitCodes.STOPPED_WITH_CHECKPOINT || start > MAX_RESTARTS) {
                    throw new IOException(name + ": " + end.describe());
                }
                // 75 without our SIGTERM: not a failure (the pod failure policy ignores it), the
                // same attempt starts again and resumes from its checkpoint.
            }
        }
    }

    /** How one process ended: its exit code (128 + signal if killed) and its last lines. */
    private record Ending(int code, boolean stopped, boolean deadlineExceeded, List<String> tail) {
        String describe() {
            String meaning =
                    switch (code) {
                        case TrialExitCodes.OK -> "trained";
                        case TrialExitCodes.BAD_INPUT -> "bad input";
                        case TrialExitCodes.STOPPED_WITH_CHECKPOINT -> "stopped with a checkpoint";
                        case NOT_EXECUTABLE, NOT_FOUND -> "command not runnable";
                        default -> code > 128 ? "killed by signal " + (code - 128) : "failed";
                    };
            String last = tail.isEmpty() ? "(no output)" : String.join(" | ", tail);
            if (last.length() > 400) {
                last = "…" + last.substring(last.length() - 400);
            }
            return "exit " + code + " (" + meaning + "): " + last;
        }
    }

    private Ending runOnce(
            List<String> line, Map<String, String> vars, PrintWriter events, Progress progress)
            throws IOException, InterruptedException, BadConfiguration {
        ProcessBuilder pb = new ProcessBuilder(inOwnSession(line));
        pb.environment().putAll(vars);
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            // No attempt can start a program that is not there: like an image without it.
            throw new BadConfiguration(
                    "spec.trainer.command: cannot start "
                            + String.join(" ", command)
                            + ": "
                            + e.getMessage(),
                    e);
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread drain = drain(p.getInputStream(), events, progress, tail);
        long started = System.nanoTime();
        long deadline =
                deadlineSeconds == null
                        ? Long.MAX_VALUE
                        : started + deadlineSeconds * 1_000_000_000L;
        long killAt = Long.MAX_VALUE;
        boolean stopped = false;
        boolean overDeadline = false;
        boolean interrupted = false;
        while (true) {
            try {
                if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                // The worker is being shut down: stop the trainer as a stop request would.
                interrupted = true;
            }
            long now = System.nanoTime();
            boolean stopNow = interrupted || stopRequested.getAsBoolean();
            if (killAt == Long.MAX_VALUE && (stopNow || now >= deadline)) {
                stopped = stopNow;
                overDeadline = !stopNow;
                p.toHandle().destroy(); // SIGTERM, the pipes stay open
                killAt = now + GRACE.toNanos();
            } else if (now >= killAt) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.toHandle().destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                break;
            }
        }
        drain.join(5000);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        List<String> last;
        synchronized (tail) {
            last = List.copyOf(tail);
        }
        return new Ending(p.exitValue(), stopped, overDeadline, last);
    }

    /** Reads at most one byte more than a termination message holds: longer is refused anyway. */
    private static String readResult(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new String(
                    in.readNBytes(TrialProtocol.MAX_RESULT_BYTES + 1), StandardCharsets.UTF_8);
        }
    }

    /**
     * The command under setsid(1) when this system has it: a new session has no controlling
     * terminal, so Ctrl-C's SIGINT reaches only this JVM, which forwards it as SIGTERM. setsid
     * execs the command in place (its caller is no process-group leader), so the process we signal
     * is the trainer.
     */
    private static List<String> inOwnSession(List<String> line) {
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                List<String> out = new ArrayList<>();
                out.add(setsid);
                out.addAll(line);
                return out;
            }
        }
        return line;
    }

    private static Thread drain(
            InputStream in, PrintWriter events, Progress progress, Deque<String> tail) {
        Thread t =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(in, StandardCharsets.UTF_8))) {
                                String s;
                                while ((s = r.readLine()) != null) {
                                    events.println(s);
                                    if (!s.isBlank()) {
                                        synchronized (tail) {
                                            tail.addLast(s.strip());
                                            if (tail.size() > TAIL_LINES) {
                                                tail.removeFirst();
                                            }
                                        }
                                    }
                                    step(s, progress);
                                }
                            } catch (IOException ignored) {
                                // the process ended; what was read is logged
                            }
                        },
                        "trainer-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void step(String line, Progress progress) {
        Matcher m = STEP.matcher(line);
        if (m.find()) {
            try {
                progress.onStep(
                        Long.parseLong(m.group(1)),
                        Long.parseLong(m.group(2)),
                        Double.parseDouble(m.group(3)));
            } catch (NumberFormatException ignored) {
                // not a progress line after all
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (a process per trial)", String.join(" ", command));
    }
}
