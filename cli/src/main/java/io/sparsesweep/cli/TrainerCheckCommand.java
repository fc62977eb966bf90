package io.sparsesweep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsesweep.cli.check.TrainerCheck;
import io.sparsesweep.cli.check.Verdict;
import io.sparsesweep.protocol.BadArgumentException;
import io.sparsesweep.protocol.TrainerArgs;
import io.sparsesweep.protocol.TrainerFlag;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sparsesweep trainer-check -- COMMAND…}: the trainer contract's conformance kit. A thin
 * layer over {@link TrainerCheck}: options in, one line per clause out.
 */
@Command(
        name = "trainer-check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run a candidate trainer through the trainer contract (docs/trainer-contract.md) and"
                    + " report pass/fail per clause. COMMAND is the trainer as a trial pod would"
                    + " start it (the trial's flags are appended); it must receive SIGTERM itself"
                    + " (a wrapper script must exec it). Put -- before it.",
            "Clauses, in order (docs/trainer-contract.md says what each checks): short-run,"
                    + " result-file, grid-point, stdout-result, unknown-env, bad-flag, bad-value,"
                    + " sigterm, resume."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every clause passed",
            "1:a clause failed (the report says which and what was seen)",
            "2:bad usage"
        })
final class TrainerCheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "COMMAND",
            description = "The trainer command, e.g. -- ./sparsesweep train")
    List<String> command;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "300",
            description = "Longest time any one run may take (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(
            names = "--grace",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description =
                    "Time to exit after SIGTERM, as a pod's grace period (default:"
                            + " ${DEFAULT-VALUE}, Kubernetes' default).")
    double graceSeconds;

    @Option(
            names = "--sigterm-delay",
            paramLabel = "SECONDS",
            defaultValue = "0.5",
            description =
                    "SIGTERM goes this long after the trainer's first line of output"
                            + " (default: ${DEFAULT-VALUE}).")
    double sigtermDelaySeconds;

    @Option(
            names = "--resume-steps",
            paramLabel = "N",
            defaultValue = "1000",
            description =
                    "Steps of the run that gets SIGTERM and of its resuming rerun: enough that"
                            + " SIGTERM lands mid-run (default: ${DEFAULT-VALUE}).")
    long resumeSteps;

    @Option(
            names = "--set",
            paramLabel = "FLAG=VALUE",
            description =
                    "Change a trial flag of every run, e.g. --set dataset=/data/brown or --set"
                            + " task=vit (repeatable; the defaults are a tiny lm at 2:4, 12 steps,"
                            + " one thread).")
    List<String> set = new ArrayList<>();

    @Option(names = "--json", description = "Print the report as one JSON object instead.")
    boolean json;

    @Option(
            names = "--keep",
            description = "Keep the runs' folders (results, checkpoints) and print where they are.")
    boolean keep;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TrainerCheck.Options options =
                new TrainerCheck.Options(
                        seconds("--timeout", timeoutSeconds),
                        seconds("--grace", graceSeconds),
                        seconds("--sigterm-delay", sigtermDelaySeconds),
                        positive("--resume-steps", resumeSteps),
                        trial());
        Path work = Files.createTempDirectory("trainer-check-");
        List<Verdict> verdicts;
        try {
            verdicts =
                    new TrainerCheck(command, work, options)
                            .run(
                                    v -> {
                                        if (!json) {
                                            out.println(v.line());
                                            out.flush();
                                        }
                                    });
        } finally {
            if (keep) {
                err.println("runs kept in " + work);
            } else {
                delete(work);
            }
        }
        long failed = verdicts.stream().filter(v -> !v.passed()).count();
        if (json) {
            out.println(report(verdicts));
        } else {
            out.println(
                    failed == 0
                            ? "trainer-check: all " + verdicts.size() + " clauses passed"
                            : "trainer-check: "
                                    + failed
                                    + " of "
                                    + verdicts.size()
                                    + " clauses failed");
        }
        out.flush();
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private String report(List<Verdict> verdicts) throws IOException {
        List<Map<String, Object>> clauses = new ArrayList<>();
        for (Verdict v : verdicts) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("clause", v.clause().id());
            c.put("checks", v.clause().checks());
            c.put("passed", v.passed());
            c.put("evidence", v.evidence());
            clauses.add(c);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("command", command);
        r.put("passed", verdicts.stream().allMatch(Verdict::passed));
        r.put("clauses", clauses);
        return new ObjectMapper().writeValueAsString(r);
    }

    /** The short run's flags: the defaults with every --set applied. */
    private TrainerArgs trial() {
        TrainerArgs t = TrainerCheck.defaultTrial();
        for (String s : set) {
            int eq = s.indexOf('=');
            String name = eq > 0 ? s.substring(0, eq) : s;
            TrainerFlag flag =
                    TrainerFlag.byFlag(name.startsWith("--") ? name : "--" + name)
                            .orElseThrow(() -> usage("--set " + s + ": no such trial flag"));
            if (flag == TrainerFlag.CHECKPOINT_DIR || flag == TrainerFlag.RESULT) {
                throw usage("--set " + s + ": each run gets its own " + flag.flag());
            }
            try {
                t = t.with(flag, eq > 0 ? s.substring(eq + 1) : "true");
            } catch (BadArgumentException e) {
                throw usage("--set " + s + ": " + e.getMessage());
            }
        }
        return t;
    }

    private Duration seconds(String option, double s) {
        if (!(s > 0) || s > 86_400) {
            throw usage(option + " must be between 0 and 86400 seconds, got " + s);
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private long positive(String option, long n) {
        if (n < 1) {
            throw usage(option + " must be at least 1, got " + n);
        }
        return n;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
