package io.sparsesweep.cli.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * One trial's folder under a local sweep's output: its result (the runner's one-line JSON), its
 * checkpoints, and the error of its last failed attempt. A result file exists only once the trial
 * has finished; it is written atomically, so a trial cut off mid-way never looks finished.
 */
public record TrialWorkspace(Path dir) {

    public Path resultFile() {
        return dir.resolve("result.json");
    }

    public Path checkpointDir() {
        return dir.resolve("checkpoints");
    }

    public Path errorFile() {
        return dir.resolve("error.txt");
    }

    /** The stored result line, if the trial finished before. */
    public Optional<String> storedResult() throws IOException {
        Path f = resultFile();
        return Files.isRegularFile(f)
                ? Optional.of(Files.readString(f, StandardCharsets.UTF_8).strip())
                : Optional.empty();
    }

    public void storeResult(String json) throws IOException {
        writeAtomically(resultFile(), json.strip() + "\n");
        Files.deleteIfExists(errorFile());
    }

    public void storeError(String message) throws IOException {
        writeAtomically(errorFile(), message + "\n");
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
