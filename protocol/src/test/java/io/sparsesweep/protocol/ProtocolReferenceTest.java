package io.sparsesweep.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The protocol reference in docs/trial-protocol.md is the generated text, byte for byte. When this
 * fails, paste the output of {@code ProtocolReference.main} between the markers.
 */
class ProtocolReferenceTest {
    static final Path DOC = Path.of("..", "docs", "trial-protocol.md");

    @Test
    void theDocumentHoldsTheGeneratedReference() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(ProtocolReference.BEGIN);
        int end = doc.indexOf(ProtocolReference.END);
        assertThat(begin).as("begin marker in " + DOC).isNotNegative();
        assertThat(end).as("end marker in " + DOC).isGreaterThan(begin);
        String generated = doc.substring(begin, end + ProtocolReference.END.length()) + "\n";
        assertThat(generated).isEqualTo(ProtocolReference.markdown());
    }

    @Test
    void everyFlagAndFieldAndCodeIsInTheReference() {
        String md = ProtocolReference.markdown();
        for (TrainerFlag f : TrainerFlag.values()) {
            assertThat(md).contains("`" + f.flag() + "`");
        }
        for (ResultField f : ResultField.values()) {
            assertThat(md).contains("`" + f.key() + "`");
        }
        assertThat(md).contains("| 75 |").contains("| 2 |");
    }
}
