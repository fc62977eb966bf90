package io.sparsesweep.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HoldoutSelectorTest {
    private static final ResultsCsv.Columns COLS = ResultsCsv.Columns.defaults();
    private static final SweepData DATA =
            SweepData.of(
                    "d",
                    List.of(
                            new Observation(0, 1e6, 10, 3),
                            new Observation(0.5, 4e6, 10, 2.9),
                            new Observation(0.875, 4e6, 20, 2.8),
                            new Observation(0.875, 1e6, 20, 3.1)));

    private static boolean[] select(String expr) {
        return HoldoutSelector.parse(expr, COLS).select(DATA);
    }

    @Test
    void selectsByMaxMinAndNumbers() {
        assertThat(select("nonzero_params == max")).containsExactly(false, true, true, false);
        assertThat(select("N == min")).containsExactly(true, false, false, true);
        assertThat(select("sparsity >= 0.5 and data == max"))
                .containsExactly(false, false, true, true);
        assertThat(select("S < 0.5")).containsExactly(true, false, false, false);
        assertThat(select("val_loss != 3")).containsExactly(false, true, true, true);
        assertThat(select("data > 10 && L <= 2.8")).containsExactly(false, false, true, false);
        assertThat(select("sparsity = 0.875")).containsExactly(false, false, true, true);
    }

    @Test
    void denseParamsIsTheSizeBeforePruning() {
        // N/(1-S): 1e6, 8e6, 3.2e7, 8e6
        assertThat(select("dense_params == max")).containsExactly(false, false, true, false);
        assertThat(select("dense_params == 8e6")).containsExactly(false, true, false, true);
    }

    @Test
    void badExpressionsSayWhatIsWrong() {
        assertThatThrownBy(() -> select("size == max"))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("unknown column 'size'");
        assertThatThrownBy(() -> select("sparsity ~ 1"))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("cannot read 'sparsity ~ 1'");
        assertThatThrownBy(() -> select("sparsity == big"))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("'big' is not a number");
        assertThatThrownBy(() -> select(" "))
                .isInstanceOf(FitInputException.class)
                .hasMessageContaining("empty");
    }
}
