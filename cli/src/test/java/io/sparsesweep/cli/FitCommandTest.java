package io.sparsesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {
    @TempDir Path dir;

    /** A sweep drawn from a known law with 0.5% noise, written as a results CSV. */
    private Path sweepCsv() throws Exception {
        return sweepCsv(false);
    }

    /**
     * With {@code twoFour}, every S = 0.5 point also gets a 2:4 run whose loss is 2% above the
     * law's.
     */
    private Path sweepCsv(boolean twoFour) throws Exception {
        StringBuilder csv =
                new StringBuilder("trial,sparsity,pattern,nonzero_params,data,val_loss\n");
        Random rng = new Random(1);
        int k = 0;
        for (double s : new double[] {0, 0.5, 0.75}) {
            for (double n = 1e6; n <= 6.4e7; n *= 4) {
                for (double d = 1e8; d <= 8e8; d *= 2) {
                    double loss =
                            (300 * Math.pow(1 - s, 0.8) + 450) * Math.pow(n, -0.39)
                                    + Math.pow(2e8 / d, 0.9)
                                    + 4.5;
                    loss *= 1 + 0.005 * rng.nextGaussian();
                    csv.append(String.format("t%d,%s,unstructured,%s,%s,%s%n", k++, s, n, d, loss));
                    if (twoFour && s == 0.5) {
                        double nm = loss * 1.02;
                        csv.append(String.format("t%d,%s,2:4,%s,%s,%s%n", k++, s, n, d, nm));
                    }
                }
            }
        }
        Path file = dir.resolve("results.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void jsonHasTheLawAndTheConditioningSignal() throws Exception {
        CliRun run = CliRun.of("fit", "--input", sweepCsv().toString(), "--json", "--starts", "8");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("law").get("bN").asDouble()).isBetween(0.3, 0.5);
        assertThat(json.get("law").get("c").asDouble()).isBetween(4.3, 4.7);
        assertThat(json.get("points").asInt()).isEqualTo(48);
        assertThat(json.get("starts").asInt()).isEqualTo(8);
        assertThat(json.get("startsNearBest").asInt()).isBetween(1, 8);
        assertThat(json.get("objective").asDouble()).isPositive();
    }

    @Test
    void nOfMRunsAreComparedNotFitted() throws Exception {
        CliRun json =
                CliRun.of("fit", "--input", sweepCsv(true).toString(), "--json", "--starts", "6");
        assertThat(json.exitCode()).as(json.err()).isEqualTo(ExitCodes.OK);
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("points").asInt()).isEqualTo(48);
        JsonNode summary = report.get("patterns").get("summary").get(0);
        assertThat(summary.get("pattern").asText()).isEqualTo("2:4");
        assertThat(summary.get("runs").asInt()).isEqualTo(16);
        assertThat(summary.get("twins").asInt()).isEqualTo(16);
        assertThat(summary.get("meanGapVsTwin").asDouble()).isCloseTo(0.02, within(1e-9));
        assertThat(summary.get("meanGapVsLaw").asDouble()).isBetween(0.01, 0.03);

        CliRun table = CliRun.of("fit", "--input", sweepCsv(true).toString(), "--starts", "6");
        assertThat(table.out()).contains("n:m runs (not fitted)").contains("+2.00%");
    }

    @Test
    void tableShowsIntervalsHoldoutAndOptimalSparsity() throws Exception {
        CliRun run =
                CliRun.of(
                        "fit",
                        "--input",
                        sweepCsv().toString(),
                        "--starts",
                        "6",
                        "--bootstrap",
                        "20",
                        "--holdout",
                        "nonzero_params == max",
                        "--optimal-sparsity",
                        "1e7:1e17");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out())
                .contains("95% interval (20 resamples)")
                .contains("Hold-out 'nonzero_params == max': fitted on 36 points, predicting 12")
                .contains("S_opt =")
                .contains("S = 0.5")
                .contains("objective");
    }

    @Test
    void quickstartTableSaysNotIdentifiedInsteadOfAPointInterval() throws Exception {
        Path csv =
                Path.of("")
                        .toAbsolutePath()
                        .getParent()
                        .resolve("docs/validation/quickstart-results.csv");
        CliRun run =
                CliRun.of("fit", "--input", csv.toString(), "--log-space", "--bootstrap", "100");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        // Before: "c      3.07135e-266   [3.07135e-266, 3.07135e-266]".
        assertThat(run.out())
                .containsPattern("(?m)^  c +\\S+ +not identified$")
                .contains("not identified   c: at its bound 0")
                .contains("(depends on not-identified bS");
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\\[([^,\\]]+), ([^\\]]+)\\]").matcher(run.out());
        while (m.find()) {
            assertThat(m.group(1))
                    .as("a zero-width interval: " + m.group())
                    .isNotEqualTo(m.group(2));
        }
        CliRun json = CliRun.of("fit", "--input", csv.toString(), "--log-space", "--json");
        JsonNode diag = new ObjectMapper().readTree(json.out()).get("diagnostics");
        assertThat(diag.get("notIdentified").toString()).contains("\"c\"");
        assertThat(diag.get("conditionNumber").asDouble()).isGreaterThan(1e12);
        assertThat(diag.get("numericalRank").asInt()).isEqualTo(6);
    }

    @Test
    void crossValidationWindowAndMissedTargetsInTheTable() throws Exception {
        // The sweep CSV with the columns sweeps write: achieved sparsity (one run missed), the
        // pruning window, and repeats of one configuration.
        StringBuilder csv =
                new StringBuilder(
                        "trial,sparsity,achieved_sparsity,pattern,nonzero_params,data,val_loss,"
                                + "prune_start,prune_end\n");
        Random rng = new Random(3);
        int k = 0;
        for (double dense = 4e6; dense <= 2.56e8; dense *= 4) {
            for (double s : new double[] {0, 0.5, 0.75}) {
                for (double d = 1e8; d <= 8e8; d *= 2) {
                    double n = dense * (1 - s);
                    double loss =
                            (300 * Math.pow(1 - s, 0.8) + 450) * Math.pow(n, -0.39)
                                    + Math.pow(2e8 / d, 0.9)
                                    + 4.5;
                    double achieved = k == 9 ? 0.662 : s;
                    for (int seed = 0; seed < (k == 0 ? 3 : 1); seed++) {
                        csv.append(
                                String.format(
                                        java.util.Locale.ROOT,
                                        "t%d,%s,%s,unstructured,%s,%s,%s,0.2,0.8%n",
                                        k,
                                        s,
                                        achieved,
                                        n * (1 - achieved) / (1 - s),
                                        d,
                                        loss * (1 + 0.005 * rng.nextGaussian())));
                    }
                    k++;
                }
            }
        }
        Path file = dir.resolve("seeded.csv");
        Files.writeString(file, csv);
        CliRun run =
                CliRun.of(
                        "fit",
                        "--input",
                        file.toString(),
                        "--starts",
                        "6",
                        "--cv",
                        "sizes",
                        "--optimal-sparsity",
                        "1e7:1e17");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out())
                .contains("1 run(s) missed their target sparsity")
                .contains("t9: target 0.75, achieved 0.6620")
                .contains("Leave-one-size-out cross-validation (4 sizes)")
                .contains("Optimal sparsity (gradual 0.2-0.8 cost accounting)")
                .contains("Repeats: 48 configurations of 1-3 runs (seeds), 1 repeated");
        CliRun window =
                CliRun.of(
                        "fit",
                        "--input",
                        file.toString(),
                        "--starts",
                        "4",
                        "--prune-window",
                        "0.25:0.75",
                        "--optimal-sparsity",
                        "1e7:1e17",
                        "--json");
        assertThat(new ObjectMapper().readTree(window.out()).at("/derived/costAccounting").asText())
                .isEqualTo("gradual 0.25-0.75");
        CliRun flops = CliRun.of("fit", "--input", file.toString(), "--budget-unit", "flops");
        assertThat(flops.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(flops.err()).contains("train_flops_per_example");
        CliRun bad = CliRun.of("fit", "--input", file.toString(), "--prune-window", "0.8:0.2");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err()).contains("--prune-window: '0.8:0.2'");
    }

    @Test
    void badInputExitsTwoNamingFileLineAndColumn() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(
                bad, "sparsity,nonzero_params,data,val_loss\n0,1e6,100,3\n1.5,1e6,100,3\n");
        CliRun run = CliRun.of("fit", "--input", bad.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("bad.csv:3:1: column 'sparsity': '1.5' must be in [0, 1)");
    }

    @Test
    void tooFewPointsMissingFileAndBadFlagsExitTwo() throws Exception {
        Path few = dir.resolve("few.csv");
        Files.writeString(few, "sparsity,nonzero_params,data,val_loss\n0,1e6,100,3\n");
        assertThat(CliRun.of("fit", "--input", few.toString()).err())
                .contains("few.csv: 1 points, but the law has 7 parameters");
        assertThat(CliRun.of("fit", "--input", dir.resolve("none.csv").toString()).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        CliRun noInput = CliRun.of("fit");
        assertThat(noInput.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noInput.err()).contains("--input");
        assertThat(CliRun.of("fit", "--input", few.toString(), "--starts", "0").exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(
                        CliRun.of(
                                        "fit",
                                        "--input",
                                        sweepCsv().toString(),
                                        "--cost-accounting",
                                        "free")
                                .err())
                .contains("'free' is not gradual or dense");
        assertThat(CliRun.of("fit", "--input", sweepCsv().toString(), "--holdout", "x == 1").err())
                .contains("unknown column 'x'");
    }

    @Test
    void helpVersionAndUsageErrors() {
        CliRun help = CliRun.of("fit", "--help");
        assertThat(help.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(help.out())
                .contains("--input", "--log-space", "--huber-delta", "--starts", "--seed")
                .contains("--bootstrap", "--holdout", "--json", "Exit codes:");
        CliRun version = CliRun.of("--version");
        assertThat(version.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(version.out()).startsWith("sparsesweep ");
        assertThat(CliRun.of().exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        CliRun unknown = CliRun.of("fitt");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).contains("fit");
    }
}
