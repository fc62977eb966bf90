package io.sparsesweep.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DefaultRenderTest {
    @Test
    void rendersWithDefaultValues() {
        Rendered r = Chart.render();
        assertThat(r.operatorDeployment().getSpec().getReplicas()).isEqualTo(1);
    }
}
