package io.sparsesweep.runner.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelSpecTest {
    @Test
    void lmCountsByHand() {
        int d = 64;
        int l = 2;
        int f = 256;
        int t = 32;
        ModelSpec s = ModelSpec.lm(d, l, 4, 4, t);
        long block = l * (4L * d * d + 2L * d * f);
        long perBlockSmall = 2 * d /* ln1 */ + 4L * d /* attn biases */ + 2 * d /* ln2 */ + f + d;
        long total = 256L * d + (long) t * d + block + l * perBlockSmall + 2 * d + d * 256L + 256;
        assertThat(s.blockParams()).isEqualTo(block);
        assertThat(s.totalParams()).isEqualTo(total);
        assertThat(s.prunableParams(false)).isEqualTo(block);
        assertThat(s.prunableParams(true)).isEqualTo(block + 256L * d + d * 256L);
    }

    @Test
    void vitCountsByHand() {
        ModelSpec s = ModelSpec.vit(32, 1, 2, 2, 7, 28, 28, 10);
        assertThat(s.tokens()).isEqualTo(16);
        long block = 4L * 32 * 32 + 2L * 32 * 64;
        assertThat(s.blockParams()).isEqualTo(block);
        long total =
                49L * 32
                        + 32
                        + 16L * 32
                        + block
                        + (2 * 32 + 4 * 32 + 2 * 32 + 64 + 32)
                        + 2 * 32
                        + 32L * 10
                        + 10;
        assertThat(s.totalParams()).isEqualTo(total);
    }

    @Test
    void neverPrunesBiasesNormsOrPositions() {
        for (ParamSpec p : ModelSpec.lm(16, 1, 2, 4, 8).params()) {
            if (p.shape().length < 2 || p.kind() == ParamSpec.Kind.POSITION) {
                assertThat(p.prunable(true)).as(p.name()).isFalse();
            } else {
                assertThat(p.prunable(true)).as(p.name()).isTrue();
            }
        }
    }
}
