package io.sparsesweep.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultsCsvTest {
    private static final String HEADER = "trial,sparsity,nonzero_params,data,val_loss,pattern\n";

    private static SweepData parse(String text) throws Exception {
        return ResultsCsv.parse("r.csv", new StringReader(text), ResultsCsv.Columns.defaults());
    }

    @Test
    void readsTheFourColumnsAndIgnoresTheRest() throws Exception {
        SweepData d =
                parse(
                        HEADER
                                + "a1,0.5,1.5e6,2000,3.25,\n"
                                + "\n"
                                + "\"b,2\",0,3e6,4000,3.0,unstructured\n");
        assertThat(d.points())
                .containsExactly(
                        new Observation(0.5, 1.5e6, 2000, 3.25),
                        new Observation(0, 3e6, 4000, 3.0));
        assertThat(d.structured()).isEmpty();
    }

    @Test
    void nOfMRowsAreSetAsideFromTheFit() throws Exception {
        SweepData d =
                parse(
                        HEADER
                                + "a,0.5,1.5e6,2000,3.25,2:4\n"
                                + "b,0.5,1.5e6,2000,3.20,unstructured\n"
                                + "c,0.75,1e6,2000,3.5,1:4\n");
        assertThat(d.points()).containsExactly(new Observation(0.5, 1.5e6, 2000, 3.20));
        assertThat(d.structured())
                .containsExactly(
                        new StructuredRun("2:4", new Observation(0.5, 1.5e6, 2000, 3.25)),
                        new StructuredRun("1:4", new Observation(0.75, 1e6, 2000, 3.5)));
        assertThatThrownBy(() -> parse(HEADER + "a,0.5,1.5e6,2000,3.25,blocky\n"))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("r.csv:2:23: column 'pattern': 'blocky'");
    }

    @Test
    void achievedSparsityIsFittedAndMissedTargetsAreListed() throws Exception {
        // The old default: 200 steps at S = 0.75 with --prune-every 100 ended at 0.662 but was
        // fitted as 0.75.
        SweepData d =
                parse(
                        "trial,sparsity,achieved_sparsity,nonzero_params,data,val_loss\n"
                                + "t1,0.75,0.662,8300,3200,2.1\n"
                                + "t2,0.5,0.4999,12288,3200,2.0\n"
                                + "t3,0,0,24576,3200,1.9\n");
        assertThat(d.points())
                .extracting(Observation::sparsity)
                .containsExactly(0.662, 0.4999, 0.0);
        assertThat(d.facts().sparsityMismatches())
                .containsExactly(new SweepFacts.SparsityMismatch("t1", 0.75, 0.662));
        // a user who names the target column explicitly gets exactly it
        SweepData target =
                ResultsCsv.parse(
                        "r.csv",
                        new StringReader(
                                "target,achieved_sparsity,nonzero_params,data,val_loss\n"
                                        + "0.75,0.662,8300,3200,2.1\n"),
                        new ResultsCsv.Columns("target", "nonzero_params", "data", "val_loss"));
        assertThat(target.get(0).sparsity()).isEqualTo(0.75);
        assertThatThrownBy(
                        () ->
                                parse(
                                        "sparsity,achieved_sparsity,nonzero_params,data,val_loss\n"
                                                + "0.5,1.2,10,10,1\n"))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining(
                        "r.csv:2:5: column 'achieved_sparsity': '1.2' must be in [0, 1)");
    }

    @Test
    void pruneWindowAndFlopsColumnsBecomeFacts() throws Exception {
        String header =
                "sparsity,nonzero_params,data,val_loss,prune_start,prune_end,"
                        + "train_flops_per_example,block_flops_per_example\n";
        SweepData d =
                parse(
                        header
                                + "0,1000,10,2.0,0.2,0.8,9000,6000\n"
                                + "0.5,500,10,2.1,0.2,0.8,9000,6000\n");
        assertThat(d.facts().pruneWindow()).isEqualTo(CostAccounting.gradual(0.2, 0.8));
        assertThat(d.facts().flops())
                .containsExactly(
                        new SweepFacts.FlopsRow(1000, 9000, 6000),
                        new SweepFacts.FlopsRow(1000, 9000, 6000));
        assertThatThrownBy(
                        () ->
                                parse(
                                        header
                                                + "0,1000,10,2.0,0.2,0.8,9000,6000\n"
                                                + "0,1000,20,1.9,0.25,0.75,9000,6000\n"))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("r.csv:3:15: column 'prune_start': '0.25..0.75'")
                .hasMessageContaining("--prune-window");
        SweepData plain = parse(HEADER + "a,0.5,1.5e6,2000,3.25,\n");
        assertThat(plain.facts()).isEqualTo(SweepFacts.none());
    }

    @Test
    void columnNamesCanBeChanged() throws Exception {
        SweepData d =
                ResultsCsv.parse(
                        "x.csv",
                        new StringReader("S,N,steps,loss\n0.25,10,20,1.5\n"),
                        new ResultsCsv.Columns("S", "N", "steps", "loss"));
        assertThat(d.points()).containsExactly(new Observation(0.25, 10, 20, 1.5));
    }

    @Test
    void missingColumnNamesTheFileLineAndColumn() {
        assertThatThrownBy(() -> parse("sparsity,nonzero_params,data\n0,1,1\n"))
                .isInstanceOf(FitInputException.class)
                .hasMessageStartingWith("r.csv:1: missing column 'val_loss'")
                .hasMessageContaining("sparsity, nonzero_params, data");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "x1,abc,1e6,100,3.0,unstructured | 4: column 'sparsity': 'abc' is not a decimal number",
                "x1,0.5,1e6,100,NaN,unstructured | 16: column 'val_loss': 'NaN' is not a finite number",
                "x1,0.5,Infinity,100,3.0,unstructured | 8: column 'nonzero_params': 'Infinity' is not a finite number",
                "x1,1.0,1e6,100,3.0,unstructured | 4: column 'sparsity': '1.0' must be in [0, 1)",
                "x1,-0.1,1e6,100,3.0,unstructured | 4: column 'sparsity': '-0.1' must be in [0, 1)",
                "x1,0.5,0,100,3.0,unstructured | 8: column 'nonzero_params': '0' must be > 0",
                "x1,0.5,1e6,-5,3.0,unstructured | 12: column 'data': '-5' must be > 0",
                "x1,0.5,1e6,100,0,unstructured | 16: column 'val_loss': '0' must be > 0",
                "x1,0.5,1e6,100,, | 16: column 'val_loss': '' is not a decimal number",
            })
    void badCellsNameFileLineAndColumn(String row, String message) {
        assertThatThrownBy(() -> parse(HEADER + "ok,0,1e6,100,3.0,unstructured\n" + row + "\n"))
                .isInstanceOf(FitInputException.class)
                .hasMessageStartingWith("r.csv:3:" + message);
    }

    @Test
    void wrongFieldCountAndEmptyFile() {
        assertThatThrownBy(() -> parse(HEADER + "x,0,1e6,100\n"))
                .isInstanceOf(FitInputException.class)
                .hasMessage("r.csv:2: 4 fields, but the header has 6");
        assertThatThrownBy(() -> parse("\n\n"))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("empty file");
        assertThatThrownBy(() -> parse(HEADER + "\"x,0,1e6,100,3,u\n"))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("r.csv:2: unterminated");
    }

    @Test
    void missingFileIsBadInputNamingIt(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.csv");
        assertThatThrownBy(() -> ResultsCsv.read(missing, ResultsCsv.Columns.defaults()))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("nope.csv");
        Path file = dir.resolve("ok.csv");
        Files.writeString(file, HEADER + "a,0,1,2,3,unstructured\n");
        assertThat(ResultsCsv.read(file, ResultsCsv.Columns.defaults()).source())
                .isEqualTo(file.toString());
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(
            delimiter = '|',
            value = {
                "0x1p-1 | 4",
                "0.5f | 4",
                "0.5F | 4",
                "0.5d | 4",
                "0.5D | 4",
                "' 0.5 0' | 4",
                "1_0 | 4",
                "0.5e | 4",
                "e5 | 4",
            })
    void javaOnlyNumberSyntaxIsNotADecimalNumber(String cell, int column) {
        // Double.parseDouble takes the first five; a CSV of measurements never means them.
        assertThatThrownBy(() -> parse(HEADER + "x1," + cell + ",1e6,100,3.0,unstructured\n"))
                .isInstanceOf(FitInputException.class)
                .hasMessageStartingWith("r.csv:2:" + column + ": column 'sparsity': ")
                .hasMessageContaining("is not a decimal number");
    }

    @ParameterizedTest(name = "pattern {0} is refused")
    @CsvSource({"4:2", "2:2", "0:4", "9999999999:4"})
    void nOfMPatternsNeedNBelowM(String pattern) {
        assertThatThrownBy(() -> parse(HEADER + "x1,0.5,1e6,100,3.0," + pattern + "\n"))
                .isInstanceOf(FitInputException.class)
                .hasMessageStartingWith("r.csv:2:20: column 'pattern': '" + pattern + "'");
    }

    @Test
    void plainDecimalsInEveryFormStillParse() throws Exception {
        SweepData d = parse(HEADER + "x,.5,+1E6,1e+3,3.,2:4\nx,0,1000000,100,3.0e0,\n");
        assertThat(d.structured().get(0).point()).isEqualTo(new Observation(0.5, 1e6, 1000, 3));
        assertThat(d.points()).containsExactly(new Observation(0, 1e6, 100, 3));
    }

    @Test
    void aByteOrderMarkIsAccepted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bom.csv");
        Files.write(
                file,
                ("\uFEFF" + HEADER + "a,0,1,2,3,unstructured\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(ResultsCsv.read(file, ResultsCsv.Columns.defaults()).points()).hasSize(1);
        assertThat(parse("\uFEFF" + HEADER + "a,0,1,2,3,unstructured\n").points()).hasSize(1);
    }

    @Test
    void nonUtf8BytesNameTheFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.csv");
        byte[] head = (HEADER + "a,0,1,2,3,unstructured\nb,0.5,1,2,3").getBytes();
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 2);
        bytes[head.length] = (byte) 0xB5; // ISO-8859-1 micro sign
        bytes[head.length + 1] = '\n';
        Files.write(file, bytes);
        assertThatThrownBy(() -> ResultsCsv.read(file, ResultsCsv.Columns.defaults()))
                .isInstanceOf(FitInputException.class)
                .hasMessageStartingWith(file + ":3:12: not UTF-8 text (byte 0xB5");
    }
}
