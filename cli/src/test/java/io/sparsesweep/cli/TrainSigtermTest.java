package io.sparsesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SIGTERM to a real `sparsesweep train` process: checkpoint written, exit 75. */
class TrainSigtermTest {
    @Test
    void sigtermWritesACheckpointAndExits75(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                java.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                Main.class.getName()));
        cmd.addAll(TinyLmTraining.trainArgs(1_000_000, dir));
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean sent = false;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                if (!sent && line.startsWith("step ")) {
                    // SIGTERM; Process.destroy() would also close our end of the pipe.
                    p.toHandle().destroy();
                    sent = true;
                }
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join("\n", lines)).isEqualTo(ExitCodes.RETRYABLE);
        assertThat(lines).anyMatch(l -> l.startsWith("interrupted: stopped at step"));
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> ckpts =
                    s.filter(x -> x.getFileName().toString().startsWith("ckpt-")).toList();
            assertThat(ckpts).hasSize(1);
            assertThat(ckpts.get(0).resolve("meta.json")).exists();
            assertThat(ckpts.get(0).resolve("model.index")).exists();
        }
    }
}
