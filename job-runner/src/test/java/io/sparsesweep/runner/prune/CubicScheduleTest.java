package io.sparsesweep.runner.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparsesweep.protocol.BadArgumentException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CubicScheduleTest {
    @Test
    void jaxprunerGoldenValueAtStepNine() {
        // jaxpruner's own test: t0=0, t1=20, S=0.5 -> p=(9+1)/20=0.5 -> 0.5*(1-0.125)=0.4375.
        assertThat(new CubicSchedule(0.5, 0, 20, 1).sparsityAt(9)).isEqualTo(0.4375);
    }

    @Test
    void paperRunWorkedValues() {
        CubicSchedule s = new CubicSchedule(1.0 - 1e-12, 5000, 15000, 100);
        double target = s.target();
        assertThat(s.sparsityAt(4999)).isZero();
        assertThat(s.sparsityAt(5000)).isCloseTo(target * (1 - Math.pow(0.9999, 3)), within(1e-12));
        assertThat(s.sparsityAt(10000)).isCloseTo(0.875075 * target, within(1e-6));
        assertThat(s.sparsityAt(15000)).isEqualTo(target);
        assertThat(s.sparsityAt(19999)).isEqualTo(target);
    }

    @Test
    void zeroBeforeStartTargetAtEndAndMonotone() {
        CubicSchedule s = new CubicSchedule(0.75, 30, 90, 10);
        double previous = 0;
        for (long t = 0; t < 120; t++) {
            double v = s.sparsityAt(t);
            assertThat(v).isGreaterThanOrEqualTo(previous);
            previous = v;
        }
        assertThat(s.sparsityAt(28)).isZero();
        assertThat(s.sparsityAt(89)).isEqualTo(0.75);
    }

    @Test
    void updateStepsAreAbsoluteMultiplesInsideTheWindow() {
        CubicSchedule s = new CubicSchedule(0.5, 5000, 15000, 100);
        List<Long> updates = new ArrayList<>();
        for (long t = 0; t < 20000; t++) {
            if (s.updatesAt(t)) {
                updates.add(t);
            }
        }
        assertThat(updates).hasSize(101);
        assertThat(updates.get(0)).isEqualTo(5000);
        assertThat(updates.get(1)).isEqualTo(5100);
        assertThat(updates.get(100)).isEqualTo(15000);
        // Absolute, not relative to t0: a start of 50 with every=100 first updates at 100.
        CubicSchedule offset = new CubicSchedule(0.5, 50, 250, 100);
        assertThat(offset.updatesAt(50)).isFalse();
        assertThat(offset.updatesAt(100)).isTrue();
        assertThat(offset.updatesAt(300)).isFalse();
    }

    @Test
    void theLastUpdateIsAtTheWindowsEndSoEveryRunReachesItsTarget() {
        // 200 steps at S = 0.75 with an interval of 100: window [50, 150]. jaxpruner's rule alone
        // updates only at step 100 and leaves the run at 0.662; the update at 150 lands on 0.75.
        CubicSchedule s = new CubicSchedule(0.75, 50, 150, 100);
        List<Long> updates = new ArrayList<>();
        for (long t = 0; t < 200; t++) {
            if (s.updatesAt(t)) {
                updates.add(t);
            }
        }
        assertThat(updates).containsExactly(100L, 150L);
        assertThat(s.sparsityAt(100))
                .isCloseTo(0.6618, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(s.enforcedAt(199)).isEqualTo(0.75);
        assertThat(s.enforcedAt(149)).isEqualTo(s.sparsityAt(100));
        assertThat(s.enforcedAt(150)).isEqualTo(0.75);
    }

    @Test
    void enforcedSparsityIsThatOfTheLastUpdate() {
        CubicSchedule s = new CubicSchedule(0.5, 10, 30, 10);
        assertThat(s.enforcedAt(9)).isZero();
        assertThat(s.enforcedAt(15)).isEqualTo(s.sparsityAt(10));
        assertThat(s.enforcedAt(1000)).isEqualTo(s.sparsityAt(30)).isEqualTo(0.5);
    }

    @Test
    void oneShotWhenStartEqualsEnd() {
        CubicSchedule s = new CubicSchedule(0.5, 40, 40, 10);
        assertThat(s.sparsityAt(38)).isZero();
        assertThat(s.sparsityAt(40)).isEqualTo(0.5);
        assertThat(s.updatesAt(40)).isTrue();
    }

    @Test
    void badConfigurationsNameTheFlag() {
        assertThatThrownBy(() -> new CubicSchedule(1.0, 0, 10, 1))
                .isInstanceOf(BadArgumentException.class)
                .hasMessageContaining("--sparsity 1.0");
        assertThatThrownBy(() -> new CubicSchedule(0.5, 20, 10, 1))
                .isInstanceOf(BadArgumentException.class)
                .hasMessageContaining("--prune-end 10");
        assertThatThrownBy(() -> new CubicSchedule(0.5, 0, 10, 0))
                .hasMessageContaining("--prune-every 0");
    }
}
