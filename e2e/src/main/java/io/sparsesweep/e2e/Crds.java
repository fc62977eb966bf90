package io.sparsesweep.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Finds the committed CRD YAML (top-level {@code crds/}) and installs it into the test bed. */
public final class Crds {
    private Crds() {}

    /** The repository root (system property {@code sparsesweep.repo.dir}, set by the e2e pom). */
    public static Path repoDir() {
        return Path.of(System.getProperty("sparsesweep.repo.dir", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /** The CRD files under {@code crds/}, or a loud skip when there are none yet. */
    public static List<Path> files() throws IOException {
        return files(repoDir().resolve("crds"));
    }

    /** The CRD YAML files in {@code dir}, or a loud skip when there are none. */
    public static List<Path> files(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                        .sorted()
                        .forEach(found::add);
            }
        }
        if (found.isEmpty()) {
            String line = "SKIPPED-TESTBED: no CRD YAML under " + dir + " yet";
            System.out.println(line);
            System.err.println(line);
            Assumptions.abort(line);
        }
        return found;
    }

    /**
     * Applies every CRD under {@code crds/} (server-side apply) and waits until each is
     * Established.
     */
    public static List<CustomResourceDefinition> install(KubernetesClient client)
            throws IOException {
        return install(client, repoDir().resolve("crds"));
    }

    /** Applies every CRD in the YAML files of {@code dir} and waits until each is Established. */
    public static List<CustomResourceDefinition> install(KubernetesClient client, Path dir)
            throws IOException {
        List<CustomResourceDefinition> installed = new ArrayList<>();
        for (Path file : files(dir)) {
            try (InputStream in = Files.newInputStream(file)) {
                for (HasMetadata item : client.load(in).items()) {
                    if (item instanceof CustomResourceDefinition crd) {
                        installed.add(
                                client.apiextensions()
                                        .v1()
                                        .customResourceDefinitions()
                                        .resource(crd)
                                        .forceConflicts()
                                        .serverSideApply());
                    }
                }
            }
        }
        for (CustomResourceDefinition crd : installed) {
            var ref =
                    client.apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .withName(crd.getMetadata().getName());
            Await.until(
                    Duration.ofSeconds(60),
                    "CRD " + crd.getMetadata().getName() + " Established",
                    () -> established(ref.get()));
        }
        return installed;
    }

    /**
     * One read of the CRD: a freshly created CRD has a status whose conditions are still null, and
     * reading it twice raced with the API server filling them in (a CI run failed on that NPE).
     */
    static boolean established(CustomResourceDefinition crd) {
        if (crd == null || crd.getStatus() == null || crd.getStatus().getConditions() == null) {
            return false;
        }
        return crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
