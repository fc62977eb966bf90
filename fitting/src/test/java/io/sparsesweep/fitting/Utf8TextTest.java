package io.sparsesweep.fitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8TextTest {
    @Test
    void decodesUtf8AndDropsOneByteOrderMark() throws Exception {
        assertThat(Utf8Text.decode("\uFEFFµ=1\n".getBytes(StandardCharsets.UTF_8), "f"))
                .isEqualTo("µ=1\n");
        assertThat(Utf8Text.decode("\uFEFF\uFEFFx".getBytes(StandardCharsets.UTF_8), "f"))
                .isEqualTo("\uFEFFx");
        assertThat(Utf8Text.decode(new byte[0], "f")).isEmpty();
    }

    @Test
    void theFirstBadByteIsLocatedByLineAndColumn() {
        byte[] bytes = {'a', '\n', 'b', (byte) 0xC3, (byte) 0xA9, 'c', (byte) 0xFF, 'd'};
        // line 2: "b", "é" (two bytes, one column), "c", then the bad byte in column 4
        assertThatThrownBy(() -> Utf8Text.decode(bytes, "x.yaml"))
                .isInstanceOf(Utf8Text.BadTextException.class)
                .hasMessage(
                        "x.yaml:2:4: not UTF-8 text (byte 0xFF at offset 6); save the file as"
                                + " UTF-8");
    }

    @Test
    void aTruncatedSequenceAtTheEndIsMalformedToo() {
        byte[] bytes = {'o', 'k', (byte) 0xE2, (byte) 0x82};
        assertThatThrownBy(() -> Utf8Text.decode(bytes, "t.csv"))
                .isInstanceOf(Utf8Text.BadTextException.class)
                .hasMessageStartingWith("t.csv:1:3: not UTF-8 text (byte 0xE2");
    }
}
