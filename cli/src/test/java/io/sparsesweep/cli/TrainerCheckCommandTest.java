package io.sparsesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparsesweep.cli.check.Clause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code trainer-check} against real trainer processes: the built-in trainer and the Python example
 * pass every clause; broken trainers fail the clauses they break, and only those.
 */
class TrainerCheckCommandTest {
    private static final Path EXAMPLE =
            Path.of("..", "examples", "trainers", "python", "tiny_trainer.py").toAbsolutePath();
    private static final Path BROKEN = Path.of("src", "test", "resources", "trainer-check");

    @Test
    void theBuiltInTrainerPassesEveryClause() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        CliRun run =
                check(
                        List.of("--resume-steps", "200"),
                        java.toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "train");
        assertEveryClausePassed(run);
        assertThat(run.out()).contains("PASS grid-point: echoes task lm, width 16, depth 1");
    }

    @Test
    void thePythonExampleTrainerPassesEveryClause() {
        CliRun run = check(List.of("--resume-steps", "150"), python(), EXAMPLE.toString());
        assertEveryClausePassed(run);
    }

    @Test
    void aTrainerThatEchoesAnotherGridPointFailsGridPointAndResume() {
        CliRun run =
                check(
                        List.of("--resume-steps", "150"),
                        python(),
                        BROKEN.resolve("wrong_seed.py").toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(failed(run)).containsExactly("grid-point", "resume");
        assertThat(run.out())
                .contains("FAIL grid-point: the result is not for this trial: seed is 8");
        assertThat(run.out()).contains("trainer-check: 2 of 9 clauses failed");
    }

    @Test
    void aTrainerThatIgnoresSigtermFailsSigterm() {
        CliRun run =
                check(
                        List.of("--resume-steps", "1000000", "--grace", "2"),
                        python(),
                        BROKEN.resolve("ignores_sigterm.py").toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(failed(run)).containsExactly("sigterm", "resume");
        assertThat(run.out()).containsPattern("FAIL sigterm: SIGTERM at [0-9.]+ s, then no exit");
    }

    @Test
    void helpNamesEveryClause() {
        CliRun run = CliRun.of("trainer-check", "--help");
        assertThat(run.exitCode()).isZero();
        for (Clause c : Clause.values()) {
            assertThat(run.out()).contains(c.id());
        }
    }

    @Test
    void aBadSetIsBadUsage() {
        CliRun run = CliRun.of("trainer-check", "--set", "no-such=1", "--", "true");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("--set no-such=1: no such trial flag");
    }

    private static CliRun check(List<String> options, String... command) {
        List<String> args = new ArrayList<>(List.of("trainer-check"));
        args.addAll(options);
        args.add("--");
        args.addAll(Arrays.asList(command));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertEveryClausePassed(CliRun run) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(failed(run)).isEmpty();
        assertThat(run.out().lines().filter(l -> l.startsWith("PASS ")).count())
                .isEqualTo(Clause.values().length);
    }

    private static List<String> failed(CliRun run) {
        return run.out()
                .lines()
                .filter(l -> l.startsWith("FAIL "))
                .map(l -> l.substring(5, l.indexOf(':')))
                .toList();
    }

    /** python3 on PATH; under CI its absence is a failure, not a skip. */
    static String python() {
        boolean found =
                Stream.of(System.getenv("PATH").split(":"))
                        .anyMatch(d -> Files.isExecutable(Path.of(d, "python3")));
        if (!found) {
            assertThat("true".equals(System.getenv("CI")))
                    .as("python3 is not on PATH, and CI=true: the Python example must be checked")
                    .isFalse();
        }
        assumeTrue(found, "python3 is not on PATH");
        return "python3";
    }
}
