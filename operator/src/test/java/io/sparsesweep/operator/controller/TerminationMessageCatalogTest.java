package io.sparsesweep.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparsesweep.crd.FittingSpec;
import io.sparsesweep.crd.ModelSize;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepLimits;
import io.sparsesweep.crd.SweepNames;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.crd.TrialStatus;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.kube.KubernetesStatusWriter;
import io.sparsesweep.operator.metrics.SweepMetrics;
import io.sparsesweep.operator.testing.SweepCluster;
import io.sparsesweep.operator.testing.TestSweeps;
import io.sparsesweep.operator.testing.TestingEventRecorder;
import io.sparsesweep.operator.testing.TestingJobGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * Termination messages a misbehaving training image might leave, each the result of one trial of
 * one sweep, recorded by the reconciler: none becomes a result, each trial ends with a reason that
 * fits the status budget (no control characters, at most 256 characters, never the raw text at
 * length), and the sweep completes. The outcomes go to {@code target/bad-inputs/termination.tsv}
 * for the BENCHMARKS.md table.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class TerminationMessageCatalogTest {
    static KubernetesClient client;

    /** The valid result of the trial the case is tried on; a case turns it into garbage. */
    static Map<String, UnaryOperator<String>> cases() {
        Map<String, UnaryOperator<String>> c = new LinkedHashMap<>();
        c.put("empty message", ok -> "");
        c.put("only whitespace", ok -> "   \n\t ");
        c.put(
                "Python traceback",
                ok -> "Traceback (most recent call last):\n  File \"t.py\"\nKeyError: x");
        c.put("a log line", ok -> "Epoch 10/10 - loss: 3.2104 - val_loss: 3.3012");
        c.put("truncated JSON", ok -> ok.substring(0, 40));
        c.put("a JSON array", ok -> "[3.25, 3.1]");
        c.put("JSON null", ok -> "null");
        c.put("protocol version 2", ok -> set(ok, "v", "2"));
        c.put("version as a string", ok -> set(ok, "v", "\"1\""));
        c.put("no valLoss", ok -> ok.replaceFirst("\"valLoss\":[^,}]*,", ""));
        c.put("valLoss \"NaN\" as text", ok -> set(ok, "valLoss", "\"NaN\""));
        c.put("valLoss NaN bare", ok -> set(ok, "valLoss", "NaN"));
        c.put("valLoss Infinity bare", ok -> set(ok, "valLoss", "Infinity"));
        c.put("valLoss negative", ok -> set(ok, "valLoss", "-3.25"));
        c.put("valLoss zero", ok -> set(ok, "valLoss", "0"));
        c.put("valLoss 1e308", ok -> set(ok, "valLoss", "1e308"));
        c.put("valLoss in Devanagari digits", ok -> set(ok, "valLoss", "\"\u0969.\u0968\""));
        c.put("nonzeroParams above totalParams", ok -> set(ok, "nonzeroParams", "300000"));
        c.put("sparsity 1.5", ok -> set(ok, "sparsity", "1.5"));
        c.put("negative steps", ok -> set(ok, "steps", "-100"));
        c.put("steps 2^64+5 (overflows to 5)", ok -> set(ok, "steps", "18446744073709551621"));
        c.put("examples 0", ok -> set(ok, "examples", "0"));
        c.put("fractional examples", ok -> set(ok, "examples", "1600.5"));
        c.put("empty pattern", ok -> set(ok, "pattern", "\"\""));
        c.put(
                "duplicate key (valLoss twice, last wins)",
                ok -> "{\"valLoss\":0.01," + ok.substring(1));
        c.put("trailing garbage after the JSON", ok -> ok + " {\"valLoss\":0.01}");
        c.put("the result of another sparsity", ok -> set(ok, "sparsity", "0.95"));
        c.put("the result of another pattern (2:4)", ok -> set(ok, "pattern", "\"2:4\""));
        c.put("the result of another width", ok -> set(ok, "width", "9999"));
        c.put("the result of another seed", ok -> set(ok, "seed", "987654321"));
        c.put("4 KB of one letter", ok -> "A".repeat(4096));
        c.put(
                "4 KB of garbage in the loss (quoted back by a naive parser)",
                ok -> set(ok, "valLoss", "\"" + "x\\u0007\\u001b[31m".repeat(300) + "\""));
        c.put("ANSI escapes and NUL bytes", ok -> "\u001b[31mERROR\u001b[0m\u0000\u0000 done");
        c.put("not UTF-8 (replacement characters)", ok -> "\ufffd\ufffd\ufffd" + ok);
        return c;
    }

    /** {@code ok} with the value of {@code field} replaced by the raw JSON {@code value}. */
    private static String set(String ok, String field, String value) {
        String out =
                ok.replaceFirst(
                        "\"" + field + "\":(\"[^\"]*\"|[^,}]*)",
                        Matcher.quoteReplacement("\"" + field + "\":" + value));
        assertThat(out).as("the result has a field %s", field).isNotEqualTo(ok);
        return out;
    }

    @Test
    void noGarbageBecomesAResultAndEveryReasonFitsTheBudget() throws Exception {
        Map<String, UnaryOperator<String>> cases = cases();
        SweepCluster cluster = new SweepCluster(client, "research").installCrd();
        TestingJobGateway gateway = new TestingJobGateway();
        SparseSweepReconciler reconciler =
                new SparseSweepReconciler(
                        OperatorSettings.defaults().withImages("r:1", "r:1"),
                        gateway,
                        new KubernetesStatusWriter(client),
                        new TestingEventRecorder(),
                        SweepMetrics.discarding(),
                        Clock.systemUTC());
        SparseSweep sweep = TestSweeps.small();
        sweep.getMetadata().setName("catalog");
        var sizes = sweep.getSpec().getModel().getSizes();
        sizes.clear();
        for (int i = 1; i <= 7; i++) {
            sizes.add(new ModelSize("s" + i, 32 * i, 2, 2, 4));
        }
        sweep.getSpec().getGrid().setSparsities(new ArrayList<>(List.of(0.0, 0.2, 0.4, 0.6, 0.8)));
        int trials = cases.size() + 1; // the last trial reports its valid result: the control
        sweep.getSpec().setParallelism(trials);
        sweep.getSpec().getFailurePolicy().setMaxFailedTrials(cases.size());
        sweep.getSpec().getFailurePolicy().setRetriesPerTrial(0);
        sweep.getSpec().setFitting(new FittingSpec());
        sweep.getSpec().getFitting().setEnabled(false);
        cluster.create(sweep);

        reconciler.reconcile(cluster.sweep("catalog"), List.of(), 0);
        List<Job> jobs =
                gateway.jobsOf("research", "catalog").stream()
                        .sorted(Comparator.comparing(j -> j.getMetadata().getName()))
                        .toList();
        assertThat(jobs).hasSize(trials);
        Map<String, String> caseOfTrial = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, UnaryOperator<String>> c : cases.entrySet()) {
            Job job = jobs.get(i++);
            caseOfTrial.put(job.getMetadata().getLabels().get(SweepNames.LABEL_TRIAL), c.getKey());
            String ok = SparseSweepReconcilerTest.result(job, 3.25, 15000);
            gateway.complete("research", job.getMetadata().getName(), c.getValue().apply(ok));
        }
        Job control = jobs.get(i);
        String controlId = control.getMetadata().getLabels().get(SweepNames.LABEL_TRIAL);
        gateway.complete(
                "research",
                control.getMetadata().getName(),
                SparseSweepReconcilerTest.result(control, 3.25, 15000));
        reconciler.reconcile(cluster.sweep("catalog"), gateway.jobsOf("research", "catalog"), 0);
        reconciler.reconcile(cluster.sweep("catalog"), gateway.jobsOf("research", "catalog"), 0);

        List<String> rows = new ArrayList<>();
        for (TrialStatus t : cluster.sweep("catalog").getStatus().getTrials()) {
            if (t.getId().equals(controlId)) {
                // The unmodified result is taken: each case is refused for what it changed.
                assertThat(t.getState()).as("control").isEqualTo(TrialState.Succeeded);
                assertThat(t.getValLoss()).as("control").isEqualTo(3.25);
                continue;
            }
            String what = caseOfTrial.get(t.getId());
            rows.add("termination\t" + what + "\t" + t.getState() + "\t" + t.getMessage());
            assertThat(t.getState()).as(what).isEqualTo(TrialState.ResultUnavailable);
            if (!what.equals("no valLoss")) {
                assertThat(t.getMessage())
                        .as(
                                "%s is refused for what it changed, not a field the catalog forgot",
                                what)
                        .doesNotContain("is missing");
            }
            assertThat(t.getValLoss()).as(what).isNull();
            assertThat(t.getMessage())
                    .as(what)
                    .isNotBlank()
                    .hasSizeLessThanOrEqualTo(SweepLimits.MAX_TRIAL_MESSAGE_LENGTH)
                    .doesNotContainPattern("\\p{Cntrl}");
        }
        write(rows);
    }

    private static void write(List<String> rows) throws IOException {
        Path dir = Path.of("target", "bad-inputs");
        Files.createDirectories(dir);
        Files.write(dir.resolve("termination.tsv"), rows, StandardCharsets.UTF_8);
    }
}
