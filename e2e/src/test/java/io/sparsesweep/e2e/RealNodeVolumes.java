package io.sparsesweep.e2e;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The two claims a sweep on real data uses on a cluster, backed by directories on the real node's
 * disk (hostPath PersistentVolumes, statically bound: the test bed has no provisioner): "datasets",
 * read-only, holding Fashion-MNIST from Debian's dataset-fashion-mnist under fashion-mnist/ (as
 * examples/fashion-mnist-vit.yaml expects), and "checkpoints", writable by the pods' user 65532.
 */
final class RealNodeVolumes {
    static final String DATASETS = "datasets";
    static final String CHECKPOINTS = "checkpoints";
    private static final String[] FASHION_MNIST = {
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz"
    };

    private RealNodeVolumes() {}

    static void create(KubernetesClient client, Path volumes, String namespace) throws IOException {
        Path source =
                Path.of(
                        System.getenv()
                                .getOrDefault(
                                        "SPARSESWEEP_FASHION_MNIST",
                                        "/usr/share/datasets/fashion-mnist"));
        Path data = volumes.resolve(DATASETS);
        Path fashion = data.resolve("fashion-mnist");
        Files.createDirectories(fashion);
        for (String f : FASHION_MNIST) {
            if (!Files.isRegularFile(source.resolve(f))) {
                Skip.orFailInCi(
                        "SKIPPED-REALNODE",
                        "the real-data trials",
                        "no Fashion-MNIST at " + source + " (.ci/setup.d/30-datasets.sh)");
            }
            Files.copy(source.resolve(f), fashion.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Path checkpoints = volumes.resolve(CHECKPOINTS);
        Files.createDirectories(checkpoints);
        // hostPath volumes get no fsGroup ownership: the directory is the pods' user's
        Files.setAttribute(checkpoints, "unix:uid", 65532);
        Files.setAttribute(checkpoints, "unix:gid", 65532);
        try (Stream<Path> all = Files.walk(volumes)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(
                        p,
                        java.nio.file.attribute.PosixFilePermissions.fromString(
                                Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        bind(client, namespace, DATASETS, data, "ReadOnlyMany");
        bind(client, namespace, CHECKPOINTS, checkpoints, "ReadWriteOnce");
    }

    private static void bind(
            KubernetesClient client, String namespace, String name, Path dir, String mode) {
        PersistentVolume pv =
                new PersistentVolumeBuilder()
                        .withNewMetadata()
                        .withName(namespace + "-" + name)
                        .endMetadata()
                        .withNewSpec()
                        .withCapacity(java.util.Map.of("storage", new Quantity("1Gi")))
                        .withAccessModes(mode)
                        .withStorageClassName("")
                        .withPersistentVolumeReclaimPolicy("Retain")
                        .withNewHostPath()
                        .withPath(dir.toString())
                        .withType("Directory")
                        .endHostPath()
                        .withNewClaimRef()
                        .withNamespace(namespace)
                        .withName(name)
                        .endClaimRef()
                        .endSpec()
                        .build();
        client.persistentVolumes().resource(pv).create();
        PersistentVolumeClaim pvc =
                new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withNewSpec()
                        .withAccessModes(List.of(mode))
                        .withStorageClassName("")
                        .withVolumeName(pv.getMetadata().getName())
                        .withNewResources()
                        .addToRequests("storage", new Quantity("1Gi"))
                        .endResources()
                        .endSpec()
                        .build();
        client.persistentVolumeClaims().resource(pvc).create();
        Await.until(
                Duration.ofMinutes(1),
                "claim " + name + " bound",
                () -> {
                    var c =
                            client.persistentVolumeClaims()
                                    .inNamespace(namespace)
                                    .withName(name)
                                    .get();
                    return c != null
                            && c.getStatus() != null
                            && "Bound".equals(c.getStatus().getPhase());
                });
    }
}
