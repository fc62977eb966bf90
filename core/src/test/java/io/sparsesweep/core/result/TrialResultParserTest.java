package io.sparsesweep.core.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrialResultParserTest {
    static final String OK =
            "{\"v\":1,\"valLoss\":3.25,\"trainLoss\":3.1,\"steps\":200,\"examples\":6400,"
                    + "\"totalParams\":120000,\"prunableParams\":100000,\"nonzeroParams\":50000,"
                    + "\"sparsity\":0.5,\"pattern\":\"2:4\",\"wallSeconds\":12.5,\"extra\":\"ignored\"}";

    @Test
    void parsesTheRunnersLine() {
        TrialResultParser.Parsed p = TrialResultParser.parse(OK + "\n");
        assertThat(p.error()).isNull();
        TrialResult r = p.result().orElseThrow();
        assertThat(r.valLoss()).isEqualTo(3.25);
        assertThat(r.examples()).isEqualTo(6400);
        assertThat(r.nonzeroParams()).isEqualTo(50000);
        assertThat(r.pattern()).isEqualTo("2:4");
    }

    @Test
    void rejectsAnythingElseWithAReason() {
        assertThat(TrialResultParser.parse(null).error()).contains("empty");
        assertThat(TrialResultParser.parse("").error()).contains("empty");
        assertThat(TrialResultParser.parse("Traceback (most recent call last):\n  boom").error())
                .contains("not one line of JSON");
        assertThat(TrialResultParser.parse("{\"v\":1,").error()).contains("invalid JSON");
        assertThat(TrialResultParser.parse(OK.replace("\"v\":1", "\"v\":2")).error())
                .contains("field v must be 1");
        assertThat(TrialResultParser.parse(OK.replace("\"valLoss\":3.25,", "")).error())
                .contains("field valLoss is missing");
        assertThat(TrialResultParser.parse(OK.replace("3.25", "\"NaN\"")).error())
                .contains("valLoss is not a finite number");
        assertThat(
                        TrialResultParser.parse(
                                        OK.replace(
                                                "\"nonzeroParams\":50000",
                                                "\"nonzeroParams\":500000"))
                                .error())
                .contains("nonzeroParams exceeds totalParams");
    }

    @Test
    void csvHasTheColumnsFitReads() {
        TrialResult r = TrialResultParser.parse(OK).result().orElseThrow();
        String csv =
                ResultsCsvWriter.write(
                        List.of(
                                ResultsCsvWriter.Row.of("0a1b2c3d", 0.5, "2:4", r),
                                ResultsCsvWriter.Row.of("ffee0011", 0.0, "unstructured", r)));
        assertThat(csv)
                .isEqualTo(
                        "trial,sparsity,pattern,nonzero_params,data,val_loss,steps\n"
                                + "0a1b2c3d,0.5,2:4,50000,6400,3.25,200\n"
                                + "ffee0011,0,unstructured,50000,6400,3.25,200\n");
    }
}
