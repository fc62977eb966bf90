package io.sparsesweep.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The image tarballs the real node runs, as {@code helm/images/build-images.sh} writes them: the
 * operator and runner images (Jib, profile {@code images}) and the example Python trainer's image
 * ({@code helm/images/build-tiny-trainer-image.sh}); where they are, the name each carries, and
 * whether they are older than the sources they were built from (a test must not pass on yesterday's
 * code).
 */
public record RealNodeImages(
        Path operatorTar,
        String operatorImage,
        Path runnerTar,
        String runnerImage,
        Path pythonTrainerTar,
        String pythonTrainerImage) {
    /**
     * Modules that are not in either image; every other module of the repository is taken to be (a
     * module added later counts as a source until it is listed here).
     */
    private static final List<String> NOT_IN_IMAGES = List.of("e2e", "helm", "bench");

    /** The images under {@code repo}, or why they cannot be used. */
    public static Result find(Path repo) throws IOException {
        Path operator = repo.resolve("operator/target/jib-operator-image.tar");
        Path runner = repo.resolve("cli/target/jib-runner-image.tar");
        for (Path t : List.of(operator, runner)) {
            if (!Files.isRegularFile(t)) {
                return Result.missing(t + " is missing (build: helm/images/build-images.sh)");
            }
        }
        FileTime built = Files.getLastModifiedTime(operator);
        if (Files.getLastModifiedTime(runner).compareTo(built) < 0) {
            built = Files.getLastModifiedTime(runner);
        }
        Optional<Path> newer = newestSourceAfter(repo, built);
        if (newer.isPresent()) {
            return Result.missing(
                    "the images are older than "
                            + newer.get()
                            + " (rebuild: helm/images/build-images.sh)");
        }
        Path python = repo.resolve("examples/trainers/python/target/tiny-trainer-image.tar");
        Path pythonSource = repo.resolve("examples/trainers/python/tiny_trainer.py");
        if (!Files.isRegularFile(python)) {
            return Result.missing(python + " is missing (build: helm/images/build-images.sh)");
        }
        if (Files.getLastModifiedTime(pythonSource).compareTo(Files.getLastModifiedTime(python))
                > 0) {
            return Result.missing(
                    "the Python trainer's image is older than "
                            + pythonSource
                            + " (rebuild: helm/images/build-images.sh)");
        }
        return new Result(
                new RealNodeImages(
                        operator,
                        repoTag(operator),
                        runner,
                        repoTag(runner),
                        python,
                        repoTag(python)),
                null);
    }

    /** The tarballs, space-separated, as {@code testbed/start.sh} takes them (REALNODE_IMAGES). */
    public String tarballs() {
        return operatorTar + " " + runnerTar + " " + pythonTrainerTar;
    }

    /** The images, or the reason there are none. */
    public record Result(RealNodeImages images, String missing) {
        static Result missing(String why) {
            return new Result(null, why);
        }
    }

    private static Optional<Path> newestSourceAfter(Path repo, FileTime built) throws IOException {
        List<Path> modules;
        try (Stream<Path> dirs = Files.list(repo)) {
            modules =
                    dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                            .filter(d -> !NOT_IN_IMAGES.contains(d.getFileName().toString()))
                            .sorted()
                            .toList();
        }
        for (Path module : modules) {
            Path pom = module.resolve("pom.xml");
            if (Files.getLastModifiedTime(pom).compareTo(built) > 0) {
                return Optional.of(pom);
            }
            Path main = module.resolve("src/main");
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(main)) {
                Optional<Path> newer =
                        files.filter(Files::isRegularFile)
                                .filter(
                                        f -> {
                                            try {
                                                return Files.getLastModifiedTime(f).compareTo(built)
                                                        > 0;
                                            } catch (IOException e) {
                                                return true;
                                            }
                                        })
                                .findFirst();
                if (newer.isPresent()) {
                    return newer;
                }
            }
        }
        return Optional.empty();
    }

    /** The first RepoTags entry of a docker-archive tarball's manifest.json. */
    static String repoTag(Path tar) throws IOException {
        try (InputStream in = Files.newInputStream(tar)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = new String(header, 0, 100, StandardCharsets.US_ASCII).trim();
                int nul = name.indexOf('\0');
                name = nul >= 0 ? name.substring(0, nul) : name;
                long size =
                        Long.parseLong(
                                new String(header, 124, 11, StandardCharsets.US_ASCII)
                                        .replace("\0", "")
                                        .trim(),
                                8);
                if (name.equals("manifest.json")) {
                    JsonNode manifest = new ObjectMapper().readTree(in.readNBytes((int) size));
                    return manifest.get(0).get("RepoTags").get(0).asText();
                }
                in.skipNBytes((size + 511) / 512 * 512);
            }
        }
        throw new IOException(tar + " has no manifest.json with RepoTags");
    }
}
