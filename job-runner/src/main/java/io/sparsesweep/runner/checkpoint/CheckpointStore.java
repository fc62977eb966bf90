package io.sparsesweep.runner.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Checkpoints as directories {@code ckpt-<step>} under one folder. A checkpoint is written into a
 * hidden temporary directory (engine files first, then {@code meta.json} last) and renamed into
 * place in one atomic move, so a directory named {@code ckpt-*} is always complete; a crash leaves
 * at worst a temporary directory, which is ignored and cleaned up. The two newest are kept.
 */
public final class CheckpointStore {
    /**
     * What the loop needs besides the engine's variables.
     *
     * @param v format version ({@link #VERSION}; 1 wrote a one-string fingerprint, no flags)
     * @param flags the {@code RunFingerprint} the checkpoint was written under (null in version 1)
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record Meta(
            int v, long step, long seed, Map<String, String> flags, double[] recentLosses) {
        public static final int VERSION = 2;
    }

    /** A complete checkpoint found on disk. */
    public record Found(Path dir, Meta meta) {
        /** The prefix handed to the engine's restore. */
        public Path enginePrefix() {
            return dir.resolve(ENGINE_PREFIX);
        }
    }

    public static final String ENGINE_PREFIX = "model";
    private static final String META = "meta.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEEP = 2;
    private final Path root;

    public CheckpointStore(Path root) {
        this.root = root;
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Found> newest() {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        for (Path dir : complete()) {
            try {
                Meta meta = JSON.readValue(dir.resolve(META).toFile(), Meta.class);
                if (Files.exists(dir.resolve(ENGINE_PREFIX + ".index"))) {
                    return Optional.of(new Found(dir, meta));
                }
            } catch (IOException e) {
                // Unreadable metadata: not a valid checkpoint; fall back to an older one.
            }
        }
        return Optional.empty();
    }

    /** Complete checkpoint directories, newest first. */
    private List<Path> complete() {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().matches("ckpt-\\d+"))
                    .filter(p -> Files.exists(p.resolve(META)))
                    .sorted(Comparator.comparingLong(CheckpointStore::stepOf).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long stepOf(Path p) {
        return Long.parseLong(p.getFileName().toString().substring(5));
    }

    /**
     * Writes a checkpoint: {@code engineSave} receives the prefix to save variables under.
     *
     * @return the final checkpoint directory
     */
    public Path write(Meta meta, Consumer<Path> engineSave) {
        try {
            Files.createDirectories(root);
            Path tmp = Files.createTempDirectory(root, ".tmp-ckpt-" + meta.step() + "-");
            engineSave.accept(tmp.resolve(ENGINE_PREFIX));
            JSON.writeValue(tmp.resolve(META).toFile(), meta);
            Path target = root.resolve("ckpt-" + meta.step());
            if (Files.exists(target)) {
                deleteTree(target);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            prune();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint under " + root, e);
        }
    }

    private void prune() throws IOException {
        List<Path> all = complete();
        for (int i = KEEP; i < all.size(); i++) {
            deleteTree(all.get(i));
        }
        try (Stream<Path> s = Files.list(root)) {
            for (Path p :
                    s.filter(p -> p.getFileName().toString().startsWith(".tmp-ckpt-")).toList()) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
