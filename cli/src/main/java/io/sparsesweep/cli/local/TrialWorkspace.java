package io.sparsesweep.cli.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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

    /**
     * Where a trainer process writes its result ({@code --result}; a trial pod's termination
     * message): emptied before each start and read after exit 0, then stored as {@link
     * #resultFile()} only once the strict reader accepts it.
     */
    public Path trainerResultFile() {
        return dir.resolve("trainer-result.json");
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

    /**
     * The trial's {@code events.log} (the trainer's news, every attempt's), opened for appending
     * with a flush per line; creates the trial's folder.
     */
    public PrintWriter appendEvents() throws IOException {
        Files.createDirectories(dir);
        return new PrintWriter(
                Files.newBufferedWriter(
                        dir.resolve("events.log"),
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND),
                true);
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
