package io.sparsesweep.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The chart as a release artefact, run by the build at {@code package} (helm/pom.xml): a copy of
 * {@code helm/sparsesweep} whose Chart.yaml carries the project's version as both {@code version}
 * and {@code appVersion} (so the packaged chart's default image tags are the images the same build
 * made: {@code sparsesweep/operator:VERSION}, {@code sparsesweep/runner:VERSION}), linted strictly
 * and packaged to {@code target/chart/sparsesweep-VERSION.tgz}.
 */
public final class ChartRelease {
    private ChartRelease() {}

    /** Arguments: the chart directory, the project version, the output directory. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ChartRelease CHART_DIR VERSION OUTPUT_DIR");
        }
        Path tgz = release(Path.of(args[0]), args[1], Path.of(args[2]));
        System.out.println("[chart] linted and packaged " + tgz);
    }

    /** Lints and packages {@code chartDir} at {@code version} into {@code out}; the .tgz path. */
    static Path release(Path chartDir, String version, Path out) throws IOException {
        Path work = out.resolve("src").resolve(chartDir.getFileName());
        deleteTree(work);
        copyTree(chartDir, work);
        Path chartYaml = work.resolve("Chart.yaml");
        Files.writeString(chartYaml, withVersion(Files.readString(chartYaml), version));
        LintResult lint = new Helm(work).lint().strict().call();
        if (lint.isFailed()
                || lint.getMessages().stream()
                        .anyMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"))) {
            throw new IllegalStateException("helm lint --strict: " + lint.getMessages());
        }
        new Helm(work).packageIt().withDestination(out).call();
        Path tgz = out.resolve("sparsesweep-" + version + ".tgz");
        if (!Files.isRegularFile(tgz)) {
            throw new IllegalStateException("helm package wrote no " + tgz);
        }
        return tgz;
    }

    /** Chart.yaml with {@code version} and {@code appVersion} set to {@code version}. */
    static String withVersion(String chartYaml, String version) {
        String v = chartYaml.replaceFirst("(?m)^version:.*$", "version: " + version);
        v = v.replaceFirst("(?m)^appVersion:.*$", "appVersion: \"" + version + "\"");
        if (!v.contains("version: " + version) || !v.contains("appVersion: \"" + version + "\"")) {
            throw new IllegalStateException("Chart.yaml has no version or appVersion line");
        }
        return v;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(
                    p -> {
                        try {
                            Path target = to.resolve(from.relativize(p).toString());
                            if (Files.isDirectory(p)) {
                                Files.createDirectories(target);
                            } else {
                                Files.copy(p, target);
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
