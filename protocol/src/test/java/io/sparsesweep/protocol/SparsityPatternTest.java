package io.sparsesweep.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparsityPatternTest {
    @Test
    void readsUnstructuredAndNm() {
        assertThat(SparsityPattern.parse("unstructured")).isSameAs(SparsityPattern.UNSTRUCTURED);
        SparsityPattern p = SparsityPattern.parse("2:4");
        assertThat(p).isEqualTo(new SparsityPattern.Nm(2, 4));
        assertThat(p.text()).isEqualTo("2:4");
        assertThat(p.defaultSparsity()).isEqualTo(0.5);
        assertThat(SparsityPattern.parse("1:99").maxSparsity()).isEqualTo(1 - 1 / 99.0);
        assertThat(SparsityPattern.UNSTRUCTURED.defaultSparsity()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "4:4",
                "5:4",
                "0:4",
                "2:100",
                "02:4",
                "2: 4",
                " 2:4",
                "2:4 ",
                "+2:4",
                "-1:4",
                "2:4:8",
                "two:four",
                "Unstructured",
                "",
                "2",
                ":4"
            })
    void rejectsEverythingElseNamingTheFlag(String text) {
        assertThatThrownBy(() -> SparsityPattern.parse(text))
                .isInstanceOf(BadArgumentException.class)
                .hasMessageStartingWith("--pattern");
        assertThat(SparsityPattern.tryParse(text)).isEmpty();
    }

    @Test
    void nIsBelowM() {
        assertThatThrownBy(() -> new SparsityPattern.Nm(4, 2)).hasMessageContaining("1 <= n < m");
        assertThatThrownBy(() -> SparsityPattern.parse(null))
                .hasMessageContaining("--pattern (none)");
    }
}
