package io.sparsesweep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest read by the local runner has no API server in front of it: everything a YAML library
 * would quietly accept but the API server (or a careful reader) would not is an error naming the
 * file, line and column.
 */
class SweepManifestsTest {
    private static String error(String yaml) {
        try {
            SweepManifests.parse(yaml, "s.yaml");
        } catch (SpecValidationException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted:\n" + yaml);
    }

    @Test
    void duplicateKeysAreRefusedWhereTheSecondOneIs() {
        assertThat(error(Sweeps.LM.replace("  task: lm\n", "  task: lm\n  task: vit\n")))
                .startsWith("s.yaml:8:")
                .contains("Duplicate field 'task'");
    }

    @Test
    void aSecondDocumentIsRefused() {
        assertThat(error(Sweeps.LM + "---\napiVersion: v1\nkind: ConfigMap\n"))
                .startsWith("s.yaml:31:1: a second YAML document");
        assertThat(error(Sweeps.LM + "---\n" + Sweeps.LM)).contains("a second YAML document");
    }

    @Test
    void aFractionalOrQuotedIntegerIsRefusedAtItsField() {
        assertThat(error(Sweeps.LM.replace("width: 64,", "width: 64.5,")))
                .startsWith("s.yaml:11:")
                .contains("spec.model.sizes[0].width");
        assertThat(error(Sweeps.LM.replace("batchSize: 32", "batchSize: \"32\"")))
                .startsWith("s.yaml:18:16:")
                .contains("spec.training.batchSize");
    }

    @Test
    void validationErrorsCarryTheLineAndColumnOfTheirField() {
        assertThat(error(Sweeps.LM.replace("\"2:4\"", "\"4:2\"")))
                .isEqualTo("s.yaml:15:30: spec.grid.patterns[1]: '4:2' needs n < m");
        assertThat(error(Sweeps.LM.replace("paralle", "paralel")))
                .startsWith("s.yaml:28:16:")
                .contains("unknown field 'paralellism' (known: dataset,");
    }

    @Test
    void syntaxErrorsAreOneLineWithThePosition() {
        String e = error(Sweeps.LM.replace("  task: lm\n", "\t task: lm\n"));
        assertThat(e)
                .startsWith("s.yaml:7:1: not valid YAML: ")
                .contains("TAB")
                .doesNotContain("\n");
        assertThat(error("spec: {task: lm\n")).startsWith("s.yaml:2:1: not valid YAML:");
        assertThat(error(""))
                .isEqualTo("s.yaml:1:1: not a SparseSweep: the document is not a mapping");
        assertThat(error("- a\n- b\n")).contains("not a mapping");
    }

    @Test
    void filesMustBeUtf8AndMayStartWithAByteOrderMark(@TempDir Path dir) throws Exception {
        Path bom = dir.resolve("bom.yaml");
        Files.write(bom, ("\uFEFF" + Sweeps.LM).getBytes(StandardCharsets.UTF_8));
        assertThat(SweepManifests.load(bom).getMetadata().getName()).isEqualTo("lm-small");

        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(
                latin1,
                Sweeps.LM
                        .replace("synthetic-lm", "synthétique")
                        .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> SweepManifests.load(latin1))
                .isInstanceOf(SpecValidationException.class)
                .hasMessageStartingWith(latin1 + ":8:17: not UTF-8 text (byte 0xE9");
        assertThatThrownBy(() -> SweepManifests.load(dir.resolve("missing.yaml")))
                .isInstanceOf(SpecValidationException.class)
                .hasMessage(dir.resolve("missing.yaml") + ": no such file");
    }
}
