package io.sparsesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad file the command line reads — results CSVs ({@code fit}), sweep manifests
 * ({@code run}) and the operator's config ({@code operator --config}) — tried the way a careless
 * user or an attacker would. Each must end with the expected exit code (2 for bad input), a message
 * that names the file (and the line and column where the file has one), no stack trace, and nothing
 * trained or written. The outcomes are written to {@code target/bad-inputs/cli.tsv}, from which
 * {@code bench/bad-inputs-table.sh} builds the table in BENCHMARKS.md.
 */
class BadInputCatalogTest {
    @TempDir static Path dir;

    private static final List<String> ROWS = new ArrayList<>();

    /** One bad input: what is tried, the file's bytes, and what must come back. */
    record Case(
            String kind,
            String name,
            byte[] content,
            int exit,
            String where,
            List<String> mentions) {
        @Override
        public String toString() {
            return kind + ": " + name;
        }
    }

    // ---- results CSVs -------------------------------------------------------------------------

    private static final String HEADER = "trial,sparsity,pattern,nonzero_params,data,val_loss\n";

    /** 18 rows from a known law: a CSV that fits. */
    static String goodCsv() {
        StringBuilder csv = new StringBuilder(HEADER);
        int k = 0;
        for (double s : new double[] {0, 0.5, 0.75}) {
            for (double n = 1e6; n <= 1.6e7; n *= 4) {
                for (double d = 1e8; d <= 2e8; d *= 2) {
                    double loss =
                            (300 * Math.pow(1 - s, 0.8) + 450) * Math.pow(n, -0.39)
                                    + Math.pow(2e8 / d, 0.9)
                                    + 4.5;
                    csv.append(
                            String.format(
                                    Locale.ROOT,
                                    "t%d,%s,unstructured,%s,%s,%.5f%n",
                                    k++,
                                    s,
                                    n,
                                    d,
                                    loss));
                }
            }
        }
        return csv.toString();
    }

    /** The good CSV plus one row (line 20). */
    private static Case csvRow(String name, String row, String where, String... mentions) {
        return csv(name, goodCsv() + row + "\n", where, mentions);
    }

    private static Case csv(String name, String text, String where, String... mentions) {
        return new Case(
                "csv", name, text.getBytes(StandardCharsets.UTF_8), 2, where, List.of(mentions));
    }

    static Stream<Case> csvCases() {
        List<Case> c = new ArrayList<>();
        c.add(
                csvRow(
                        "hex float 0x1p-1",
                        "x,0x1p-1,unstructured,1e6,1e8,3.0",
                        ":20:3:",
                        "not a decimal number"));
        c.add(
                csvRow(
                        "Java float suffix 1.5f",
                        "x,0.5,unstructured,1.5f,1e8,3.0",
                        ":20:20:",
                        "not a decimal number"));
        c.add(
                csvRow(
                        "Java double suffix 3d",
                        "x,0.5,unstructured,1e6,3d,3.0",
                        ":20:24:",
                        "not a decimal number"));
        c.add(
                csvRow(
                        "suffix on an exponent 1e6F",
                        "x,0.5,unstructured,1e6F,1e8,3.0",
                        ":20:20:",
                        "not a decimal number"));
        c.add(
                csvRow(
                        "NaN loss",
                        "x,0.5,unstructured,1e6,1e8,NaN",
                        ":20:28:",
                        "not a finite number"));
        c.add(
                csvRow(
                        "Infinity data",
                        "x,0.5,unstructured,1e6,Infinity,3.0",
                        ":20:24:",
                        "not a finite number"));
        c.add(
                csvRow(
                        "-Infinity loss",
                        "x,0.5,unstructured,1e6,1e8,-Infinity",
                        ":20:28:",
                        "not a finite number"));
        c.add(
                csvRow(
                        "overflowing 1e999",
                        "x,0.5,unstructured,1e999,1e8,3.0",
                        ":20:20:",
                        "not a finite number"));
        c.add(csvRow("n:m with n > m (4:2)", "x,0.5,4:2,1e6,1e8,3.0", ":20:7:", "1 <= n < m"));
        c.add(csvRow("n:m with n = m (4:4)", "x,0.5,4:4,1e6,1e8,3.0", ":20:7:", "1 <= n < m"));
        c.add(csvRow("n:m with n = 0 (0:4)", "x,0.5,0:4,1e6,1e8,3.0", ":20:7:", "1 <= n < m"));
        c.add(
                csvRow(
                        "unknown pattern",
                        "x,0.5,blocky,1e6,1e8,3.0",
                        ":20:7:",
                        "neither 'unstructured' nor n:m"));
        c.add(
                csvRow(
                        "sparsity 1.0",
                        "x,1.0,unstructured,1e6,1e8,3.0",
                        ":20:3:",
                        "must be in [0, 1)"));
        c.add(
                csvRow(
                        "negative sparsity",
                        "x,-0.1,unstructured,1e6,1e8,3.0",
                        ":20:3:",
                        "must be in [0, 1)"));
        c.add(
                csvRow(
                        "zero nonzero_params",
                        "x,0.5,unstructured,0,1e8,3.0",
                        ":20:20:",
                        "must be > 0"));
        c.add(csvRow("negative loss", "x,0.5,unstructured,1e6,1e8,-3", ":20:28:", "must be > 0"));
        c.add(
                csvRow(
                        "empty loss cell",
                        "x,0.5,unstructured,1e6,1e8,",
                        ":20:28:",
                        "not a decimal number"));
        c.add(
                csvRow(
                        "Unicode minus sign",
                        "x,\u22120.5,unstructured,1e6,1e8,3.0",
                        ":20:3:",
                        "not a decimal number"));
        c.add(
                csvRow(
                        "full-width digits",
                        "x,\uff10.\uff15,unstructured,1e6,1e8,3.0",
                        ":20:3:",
                        "not a decimal number"));
        c.add(
                csvRow(
                        "quoted thousands separator",
                        "x,0.5,unstructured,\"1,000,000\",1e8,3.0",
                        ":20:20:",
                        "not a decimal number"));
        c.add(
                csvRow(
                        "unquoted thousands separator",
                        "x,0.5,unstructured,1,000,000,1e8,3.0",
                        ":20:",
                        "fields, but the header has 6"));
        c.add(
                csvRow(
                        "trailing comma",
                        "x,0.5,unstructured,1e6,1e8,3.0,",
                        ":20:",
                        "7 fields, but the header has 6"));
        c.add(
                csvRow(
                        "unterminated quote",
                        "\"x,0.5,unstructured,1e6,1e8,3.0",
                        ":20:",
                        "unterminated quoted field"));
        c.add(
                csvRow(
                        "a megabyte in one cell",
                        "x," + "9".repeat(1 << 20) + "x,unstructured,1e6,1e8,3.0",
                        ":20:3:",
                        "not a decimal number"));
        c.add(
                csv(
                        "missing column val_loss",
                        "sparsity,nonzero_params,data\n0,1e6,1e8\n",
                        ":1:",
                        "missing column 'val_loss'"));
        c.add(
                csv(
                        "column named twice",
                        "sparsity,sparsity,nonzero_params,data,val_loss\n0,0,1e6,1e8,3\n",
                        ":1:",
                        "appears twice"));
        c.add(csv("empty file", "", "", "empty file"));
        c.add(csv("header only", HEADER, "", "0 points"));
        c.add(
                csv(
                        "three points",
                        HEADER
                                + "a,0,unstructured,1e6,1e8,3\nb,0.5,unstructured,1e6,1e8,3.2\nc,0.5,unstructured,4e6,1e8,3.1\n",
                        "",
                        "at least 7"));
        StringBuilder same = new StringBuilder(HEADER);
        for (int i = 0; i < 9; i++) {
            same.append("t").append(i).append(",0.5,unstructured,1e6,1e8,3.0\n");
        }
        c.add(
                csv(
                        "nine rows, one distinct point",
                        same.toString(),
                        "",
                        "only 1 distinct",
                        "at least 7 distinct points"));
        byte[] good = goodCsv().getBytes(StandardCharsets.UTF_8);
        byte[] latin1 =
                concat(
                        good,
                        "x,0.5,unstructured,1e6,1e8,3.0 \u00b5s\n"
                                .getBytes(StandardCharsets.ISO_8859_1));
        c.add(
                new Case(
                        "csv",
                        "ISO-8859-1 byte (micro sign)",
                        latin1,
                        2,
                        ":20:32:",
                        List.of("not UTF-8 text (byte 0xB5")));
        c.add(
                new Case(
                        "csv",
                        "UTF-16 with its byte-order mark",
                        goodCsv().getBytes(StandardCharsets.UTF_16),
                        2,
                        ":1:1:",
                        List.of("not UTF-8 text (byte 0xFE")));
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        c.add(new Case("csv", "random binary", noise, 2, ":1:", List.of("not UTF-8 text")));
        c.add(
                csvRow(
                        "absurd loss 1e308 (finite, fit is not)",
                        "x,0.5,unstructured,3e6,1.5e8,1e308",
                        "",
                        "the fit's quality is not finite"));
        c.set(c.size() - 1, withExit(c.get(c.size() - 1), 1));
        c.add(
                new Case(
                        "csv",
                        "UTF-8 byte-order mark (accepted)",
                        concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, good),
                        0,
                        "",
                        List.of()));
        c.add(csv("CRLF line ends (accepted)", goodCsv().replace("\n", "\r\n"), "", new String[0]));
        c.set(c.size() - 1, withExit(c.get(c.size() - 1), 0));
        return c.stream();
    }

    // ---- sweep manifests ----------------------------------------------------------------------

    static final String MANIFEST =
            """
            apiVersion: sparsesweep.io/v1alpha1
            kind: SparseSweep
            metadata: {name: law}
            spec:
              task: lm
              dataset: synthetic
              model:
                sizes:
                - {name: a, width: 32, depth: 2, heads: 2}
                - {name: b, width: 64, depth: 2, heads: 2}
              grid:
                sparsities: [0.0, 0.5, 0.75]
                patterns: [unstructured, "2:4"]
                steps: [100, 200]
              training: {batchSize: 16}
              trainer:
                image: img
            """;

    private static Case yaml(
            String name, UnaryOperator<String> edit, String where, String... mentions) {
        return yamlText(name, edit.apply(MANIFEST), where, mentions);
    }

    private static Case yamlText(String name, String text, String where, String... mentions) {
        return new Case(
                "manifest",
                name,
                text.getBytes(StandardCharsets.UTF_8),
                2,
                where,
                List.of(mentions));
    }

    private static UnaryOperator<String> replace(String from, String to) {
        return m -> {
            if (!m.contains(from)) {
                throw new IllegalArgumentException("not in the manifest: " + from);
            }
            return m.replace(from, to);
        };
    }

    private static UnaryOperator<String> trainer(String line) {
        return m -> m + "    " + line + "\n";
    }

    static Stream<Case> manifestCases() {
        List<Case> c = new ArrayList<>();
        c.add(
                yaml(
                        "duplicate key",
                        replace("  task: lm\n", "  task: lm\n  task: vit\n"),
                        ":6:",
                        "Duplicate field 'task'"));
        c.add(
                yaml(
                        "a second YAML document",
                        m -> m + "---\napiVersion: v1\nkind: ConfigMap\n",
                        ":19:1:",
                        "a second YAML document"));
        c.add(
                yaml(
                        "fractional width",
                        replace("width: 32,", "width: 32.5,"),
                        ":9:",
                        "spec.model.sizes[0].width: '32.5' is not a whole number"));
        c.add(
                yaml(
                        "quoted integer",
                        replace("batchSize: 16", "batchSize: \"16\""),
                        ":15:",
                        "spec.training.batchSize"));
        c.add(
                yaml(
                        "suspend: yes (a YAML 1.1 boolean, as kubectl reads it; accepted)",
                        m -> m.replace("  training:", "  suspend: yes\n  training:"),
                        "",
                        new String[0]));
        c.set(c.size() - 1, withExit(c.get(c.size() - 1), 0));
        c.add(
                yaml(
                        "tab indentation",
                        replace("  task: lm\n", "\ttask: lm\n"),
                        ":5:1:",
                        "not valid YAML",
                        "TAB"));
        c.add(yamlText("unclosed flow mapping", "spec: {task: lm\n", ":2:1:", "not valid YAML"));
        c.add(
                yaml(
                        "unknown field (typo)",
                        replace("  training:", "  trainng:"),
                        ":15:",
                        "unknown field 'trainng'"));
        c.add(
                yaml(
                        "wrong kind",
                        replace("kind: SparseSweep", "kind: Job"),
                        "",
                        "kind: 'Job' is not SparseSweep"));
        c.add(
                yaml(
                        "wrong apiVersion",
                        replace("v1alpha1", "v2"),
                        "",
                        "apiVersion: 'sparsesweep.io/v2'"));
        c.add(yamlText("empty file", "", ":1:1:", "not a mapping"));
        c.add(yamlText("a list, not a mapping", "- a\n- b\n", ":1:1:", "not a mapping"));
        StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (char k = 'b'; k <= 'j'; k++) {
            bomb.append(k).append(": &").append(k).append(" [");
            for (int i = 0; i < 10; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append((char) (k - 1));
            }
            bomb.append("]\n");
        }
        // Jackson does not expand aliases into copies, so nine levels of ten cost nothing.
        c.add(
                yamlText(
                        "alias bomb (billion laughs), not expanded",
                        bomb.toString(),
                        ":1:4:",
                        "unknown field 'a'"));
        c.add(
                yaml(
                        "n:m with n > m",
                        replace("\"2:4\"", "\"4:2\""),
                        ":13:",
                        "spec.grid.patterns[1]: '4:2' needs n < m"));
        c.add(
                yaml(
                        "sparsity 1.0",
                        replace("0.75]", "1.0]"),
                        ":12:",
                        "spec.grid.sparsities[2]: 1.0 is not in [0, 1)"));
        c.add(
                yaml(
                        "width not divisible by heads",
                        replace("width: 64, depth: 2, heads: 2", "width: 64, depth: 2, heads: 3"),
                        ":10:",
                        "spec.model.sizes[1].width: 64 is not divisible by heads 3"));
        c.add(
                yaml(
                        "duplicate size names",
                        replace("{name: b,", "{name: a,"),
                        ":10:",
                        "spec.model.sizes[1].name: 'a' is used twice"));
        c.add(
                yaml(
                        "zero steps",
                        replace("steps: [100, 200]", "steps: [0, 200]"),
                        ":14:",
                        "spec.grid.steps[0]: 0 must be >= 1"));
        c.add(
                yaml(
                        "no model sizes",
                        replace(
                                "  model:\n    sizes:\n    - {name: a, width: 32, depth: 2, heads: 2}\n    - {name: b, width: 64, depth: 2, heads: 2}\n",
                                "  model: {sizes: []}\n"),
                        ":7:",
                        "spec.model.sizes: at least one size"));
        StringBuilder steps = new StringBuilder("[");
        StringBuilder sparsities = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) {
            steps.append(i == 0 ? "" : ", ").append(i + 1);
            sparsities.append(i == 0 ? "" : ", ").append(i / 2000.0);
        }
        c.add(
                yaml(
                        "a grid of 8 million trials",
                        m ->
                                m.replace("steps: [100, 200]", "steps: " + steps + "]")
                                        .replace("[0.0, 0.5, 0.75]", sparsities + "]"),
                        ":12:5:",
                        "spec.grid: expands to 8004000 trials, more than the limit of 1000"));
        c.add(
                yaml(
                        "name longer than 50",
                        replace("name: law}", "name: " + "x".repeat(51) + "}"),
                        ":3:",
                        "metadata.name"));
        c.add(
                yaml(
                        "name with capitals",
                        replace("name: law}", "name: Law}"),
                        ":3:",
                        "metadata.name: 'Law'"));
        c.add(yaml("task missing", replace("  task: lm\n", ""), "", "spec.task: is required"));
        c.add(yaml("task not vit or lm", replace("task: lm", "task: cnn"), ":5:", "spec.task"));
        c.add(
                yaml(
                        "pruneStart after pruneEnd",
                        replace(
                                "{batchSize: 16}",
                                "{batchSize: 16, pruneStart: 0.9, pruneEnd: 0.5}"),
                        ":15:",
                        "pruneStart: 0.9 exceeds pruneEnd 0.5"));
        c.add(
                yaml(
                        "learning rate 0",
                        replace("{batchSize: 16}", "{batchSize: 16, learningRate: 0}"),
                        ":15:",
                        "spec.training.learningRate: 0.0 must be > 0"));
        c.add(
                yaml(
                        "minSucceededTrials above the grid",
                        m -> m + "  fitting: {minSucceededTrials: 100}\n",
                        ":18:",
                        "spec.fitting.minSucceededTrials: 100 exceeds"));
        c.add(
                yaml(
                        "parallelism 0",
                        m -> m + "  parallelism: 0\n",
                        ":18:",
                        "spec.parallelism: 0 must be >= 1"));
        c.add(
                yaml(
                        "queue name with capitals",
                        m -> m + "  queueName: Team_A\n",
                        ":18:",
                        "spec.queueName: 'Team_A'"));
        c.add(
                yaml(
                        "env entry without a name",
                        trainer("env: [{value: x}]"),
                        ":18:",
                        "spec.trainer.env[0].name: is required"));
        c.add(
                yaml(
                        "env name starting with a digit",
                        trainer("env: [{name: 1X, value: x}]"),
                        ":18:",
                        "spec.trainer.env[0].name: '1X'"));
        c.add(
                yaml(
                        "quantity \"lots\"",
                        trainer("resources: {requests: {cpu: lots}}"),
                        ":18:",
                        "spec.trainer.resources.requests.cpu: 'lots' is not a quantity"));
        c.add(
                yaml(
                        "request above its limit",
                        trainer("resources: {requests: {memory: 32Gi}, limits: {memory: 16Gi}}"),
                        ":18:",
                        "32Gi exceeds the limit 16Gi"));
        c.add(
                yaml(
                        "toleration operator Sometimes",
                        trainer("tolerations: [{key: gpu, operator: Sometimes}]"),
                        ":18:",
                        "spec.trainer.tolerations[0].operator: 'Sometimes'"));
        c.add(
                yaml(
                        "toleration effect NoSleep",
                        trainer("tolerations: [{key: gpu, operator: Exists, effect: NoSleep}]"),
                        ":18:",
                        "spec.trainer.tolerations[0].effect: 'NoSleep'"));
        c.add(
                yaml(
                        "ServiceAccount name with capitals",
                        trainer("serviceAccountName: Trainer_SA"),
                        ":18:",
                        "spec.trainer.serviceAccountName: 'Trainer_SA'"));
        c.add(
                yaml(
                        "PVC name with a slash",
                        trainer("checkpointVolumeClaim: ckpt/x"),
                        ":18:",
                        "spec.trainer.checkpointVolumeClaim: 'ckpt/x'"));
        c.add(
                yaml(
                        "node selector value with a space",
                        trainer("nodeSelector: {pool: has space}"),
                        ":18:",
                        "spec.trainer.nodeSelector.pool: 'has space'"));
        c.add(
                yaml(
                        "image with a trailing space",
                        replace("image: img", "image: \"img \""),
                        ":17:",
                        "spec.trainer.image"));
        c.add(
                new Case(
                        "manifest",
                        "ISO-8859-1 byte",
                        MANIFEST.replace("synthetic", "synth\u00e9tique")
                                .getBytes(StandardCharsets.ISO_8859_1),
                        2,
                        ":6:17:",
                        List.of("not UTF-8 text (byte 0xE9")));
        c.add(
                new Case(
                        "manifest",
                        "UTF-8 byte-order mark (accepted)",
                        concat(
                                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                                MANIFEST.getBytes(StandardCharsets.UTF_8)),
                        0,
                        "",
                        List.of()));
        c.add(
                new Case(
                        "manifest",
                        "JSON instead of YAML (accepted)",
                        ("{\"apiVersion\":\"sparsesweep.io/v1alpha1\",\"kind\":\"SparseSweep\",\"metadata\":{\"name\":\"j\"},\"spec\":{\"task\":\"lm\",\"dataset\":\"d\",\"model\":{\"sizes\":[{\"name\":\"a\",\"width\":32,\"depth\":1,\"heads\":2},{\"name\":\"b\",\"width\":64,\"depth\":1,\"heads\":2}]},\"grid\":{\"sparsities\":[0,0.5,0.75],\"steps\":[10,20]},\"trainer\":{\"image\":\"i\"}}}")
                                .getBytes(StandardCharsets.UTF_8),
                        0,
                        "",
                        List.of()));
        return c.stream();
    }

    // ---- operator config ----------------------------------------------------------------------

    static final String CONFIG =
            """
            version: 1
            watchNamespaces: ["research"]
            defaults:
              parallelism: 4
              maxActiveTrials: 64
              trainerImage: "sparsesweep/runner:0.1.0"
              trainerResources: {requests: {cpu: "4", memory: 16Gi}}
            serviceAccounts: {trial: "ss-trial", fitting: "ss-fitting"}
            acceleratorProfiles:
              l4:
                accelerator: {resource: nvidia.com/gpu, count: 1}
                nodeSelector: {cloud.google.com/gke-accelerator: nvidia-l4}
                tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
            """;

    private static Case config(
            String name, UnaryOperator<String> edit, String where, String... mentions) {
        return new Case(
                "operator config",
                name,
                edit.apply(CONFIG).getBytes(StandardCharsets.UTF_8),
                2,
                where,
                List.of(mentions));
    }

    static Stream<Case> configCases() {
        List<Case> c = new ArrayList<>();
        c.add(
                config(
                        "version 2",
                        replace("version: 1", "version: 2"),
                        ":1:10:",
                        "version: 2 is not supported"));
        c.add(
                config(
                        "parallelism \"four\"",
                        replace("parallelism: 4", "parallelism: four"),
                        ":4:",
                        "defaults.parallelism: must be a whole number, was \"four\""));
        c.add(
                config(
                        "parallelism 2.5",
                        replace("parallelism: 4", "parallelism: 2.5"),
                        ":4:",
                        "defaults.parallelism: must be a whole number"));
        c.add(
                config(
                        "parallelism 0",
                        replace("parallelism: 4", "parallelism: 0"),
                        ":4:",
                        "defaults.parallelism: must be at least 1"));
        c.add(
                config(
                        "maxActiveTrials -1",
                        replace("maxActiveTrials: 64", "maxActiveTrials: -1"),
                        ":5:",
                        "defaults.maxActiveTrials: must be at least 0"));
        c.add(
                config(
                        "watchNamespaces as one string",
                        replace("[\"research\"]", "research,team-a"),
                        ":2:",
                        "watchNamespaces: must be a list"));
        c.add(
                config(
                        "watchNamespaces of numbers",
                        replace("[\"research\"]", "[1, 2]"),
                        ":2:",
                        "watchNamespaces[0]: must be a string"));
        c.add(
                config(
                        "trainerImage a number",
                        replace("\"sparsesweep/runner:0.1.0\"", "42"),
                        ":6:",
                        "defaults.trainerImage: must be a string"));
        c.add(
                config(
                        "trainerResources a string",
                        replace("{requests: {cpu: \"4\", memory: 16Gi}}", "4 CPUs"),
                        ":7:",
                        "defaults.trainerResources: must be a mapping"));
        c.add(
                config(
                        "trainerResources quantity \"lots\"",
                        replace("cpu: \"4\"", "cpu: lots"),
                        ":7:",
                        "defaults.trainerResources.requests.cpu: 'lots' is not a quantity"));
        c.add(
                config(
                        "defaults a list",
                        replace("defaults:\n", "defaults: []\nx:\n"),
                        ":3:",
                        "defaults: must be a mapping"));
        c.add(
                config(
                        "serviceAccounts.trial a list",
                        replace("trial: \"ss-trial\"", "trial: [a]"),
                        ":8:",
                        "serviceAccounts.trial: must be a string"));
        c.add(
                config(
                        "tolerations not a list",
                        replace(
                                "tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]",
                                "tolerations: nvidia.com/gpu"),
                        ":13:",
                        "acceleratorProfiles.l4.tolerations: must be a list"));
        c.add(
                config(
                        "profile toleration operator Sometimes",
                        replace("operator: Exists", "operator: Sometimes"),
                        ":13:",
                        "acceleratorProfiles.l4.tolerations[0].operator: 'Sometimes'"));
        c.add(
                config(
                        "unknown accelerator resource",
                        replace("resource: nvidia.com/gpu", "resource: amd.com/gpu"),
                        ":11:",
                        "acceleratorProfiles.l4.accelerator"));
        c.add(
                config(
                        "node selector value a number",
                        replace("nvidia-l4}", "4}"),
                        ":12:",
                        "acceleratorProfiles.l4.nodeSelector.cloud.google.com/gke-accelerator: must be a string"));
        c.add(
                config(
                        "profile not a mapping",
                        replace(
                                "  l4:\n    accelerator: {resource: nvidia.com/gpu, count: 1}\n    nodeSelector: {cloud.google.com/gke-accelerator: nvidia-l4}\n    tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]\n",
                                "  l4: gpu\n"),
                        ":10:",
                        "acceleratorProfiles.l4: must be a mapping"));
        c.add(
                config(
                        "jobCreationConcurrency \"many\"",
                        m -> m + "jobCreationConcurrency: many\n",
                        ":14:",
                        "jobCreationConcurrency: must be a whole number"));
        c.add(
                config(
                        "fittingCommand a string",
                        replace(
                                "  parallelism: 4\n",
                                "  parallelism: 4\n  fittingCommand: sparsesweep operator fit-sweep\n"),
                        ":5:",
                        "defaults.fittingCommand: must be a list"));
        c.add(
                config(
                        "duplicate key",
                        replace("  parallelism: 4\n", "  parallelism: 4\n  parallelism: 8\n"),
                        ":5:",
                        "Duplicate field 'parallelism'"));
        c.add(config("syntax error", replace("version: 1", "version: [1"), ":", "not valid YAML"));
        c.add(
                config(
                        "a list at the top",
                        m -> "- version: 1\n",
                        ":1:1:",
                        "must be a mapping of settings"));
        c.add(
                new Case(
                        "operator config",
                        "ISO-8859-1 byte",
                        CONFIG.replace("research", "recherch\u00e9")
                                .getBytes(StandardCharsets.ISO_8859_1),
                        2,
                        ":2:28:",
                        List.of("not UTF-8 text (byte 0xE9")));
        return c.stream();
    }

    // ---- files that are not files -------------------------------------------------------------

    static Stream<Object[]> notFiles() {
        return Stream.of(
                new Object[] {"fit", "missing file", "missing.csv", "no such file"},
                new Object[] {"fit", "a directory", "", "not a regular file"},
                new Object[] {"fit", "/dev/zero (endless)", "/dev/zero", "not a regular file"},
                new Object[] {"run", "missing file", "missing.yaml", "no such file"},
                new Object[] {"run", "a directory", "", "not a regular file"},
                new Object[] {"run", "/dev/zero (endless)", "/dev/zero", "not a regular file"},
                new Object[] {"operator", "missing file", "missing.yaml", "no such file"},
                new Object[] {
                    "operator", "/dev/zero (endless)", "/dev/zero", "not a regular file"
                });
    }

    // ---- the runs -----------------------------------------------------------------------------

    static Stream<Case> allCases() {
        return Stream.of(csvCases(), manifestCases(), configCases()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void badFileEndsWithAClearErrorNamingIt(Case c) throws Exception {
        Path file = dir.resolve(slug(c) + extension(c));
        Files.write(file, c.content());
        Path output = dir.resolve("out-" + slug(c));
        CliRun run =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(120), () -> runOn(c.kind(), file, output));
        String err = run.err();
        record(c.kind(), c.name(), run, file);
        assertThat(run.exitCode()).as(c + "\n" + err + run.out()).isEqualTo(c.exit());
        assertNoStackTrace(c.toString(), run);
        if (c.exit() == 0) {
            return;
        }
        assertThat(err)
                .as(c.toString())
                .startsWith((c.exit() == 2 ? "error: " : "failed: ") + file + c.where());
        for (String m : c.mentions()) {
            assertThat(err).as(c.toString()).contains(m);
        }
        assertThat(output).as("nothing written for " + c).doesNotExist();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("notFiles")
    void pathsThatAreNotReadableFilesAreBadInput(
            String command, String name, String path, String mention) throws Exception {
        Path file =
                path.isEmpty()
                        ? Files.createDirectories(dir.resolve("a-dir-" + command))
                        : path.startsWith("/") ? Path.of(path) : dir.resolve(path);
        CliRun run =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(60), () -> runOn(command, file, dir.resolve("never")));
        record(
                command.equals("fit")
                        ? "csv"
                        : command.equals("run") ? "manifest" : "operator config",
                name,
                run,
                file);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).startsWith("error: " + file + ": ").contains(mention);
        assertNoStackTrace(name, run);
    }

    private static CliRun runOn(String kind, Path file, Path output) {
        return switch (kind) {
            case "csv", "fit" -> CliRun.of("fit", "--input", file.toString(), "--starts", "4");
            case "manifest", "run" ->
                    CliRun.of("run", "--dry-run", "--output", output.toString(), file.toString());
            default -> CliRun.of("operator", "--config", file.toString(), "--metrics-port", "0");
        };
    }

    private static void assertNoStackTrace(String what, CliRun run) {
        assertThat(run.err())
                .as(what)
                .doesNotContain("\tat ")
                .doesNotContain("Exception")
                .doesNotContain("SPARSESWEEP_DEBUG");
    }

    private static void record(String kind, String name, CliRun run, Path file) {
        String first = run.exitCode() == 0 ? "accepted" : run.err().lines().findFirst().orElse("");
        first = first.replace(dir.toString() + "/", "").replace("\t", " ");
        if (first.length() > 160) {
            first = first.substring(0, 157) + "...";
        }
        synchronized (ROWS) {
            ROWS.add(kind + "\t" + name + "\t" + run.exitCode() + "\t" + first);
        }
    }

    @AfterAll
    static void writeTable() throws IOException {
        Path out = Path.of("target", "bad-inputs");
        Files.createDirectories(out);
        Files.write(out.resolve("cli.tsv"), ROWS, StandardCharsets.UTF_8);
    }

    private static Case withExit(Case c, int exit) {
        return new Case(c.kind(), c.name(), c.content(), exit, c.where(), c.mentions());
    }

    private static String slug(Case c) {
        return (c.kind() + "-" + c.name())
                .replaceAll("[^A-Za-z0-9]+", "-")
                .toLowerCase(Locale.ROOT);
    }

    private static String extension(Case c) {
        return c.kind().equals("csv") ? ".csv" : ".yaml";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
