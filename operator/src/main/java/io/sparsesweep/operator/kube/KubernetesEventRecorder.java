package io.sparsesweep.operator.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.crd.SweepLimits;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates core/v1 Events. A failure (for example in a terminating namespace) is logged and
 * swallowed: events must never block a reconcile or a deletion.
 */
public final class KubernetesEventRecorder implements EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);
    private static final String COMPONENT = "sparsesweep-operator";

    private final KubernetesClient client;

    public KubernetesEventRecorder(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public void normal(SparseSweep sweep, String reason, String message) {
        record(sweep, "Normal", reason, message);
    }

    @Override
    public void warning(SparseSweep sweep, String reason, String message) {
        record(sweep, "Warning", reason, message);
    }

    private void record(SparseSweep sweep, String type, String reason, String message) {
        String now = Instant.now().toString();
        try {
            client.v1()
                    .events()
                    .inNamespace(sweep.getMetadata().getNamespace())
                    .resource(
                            new EventBuilder()
                                    .withNewMetadata()
                                    .withName(
                                            sweep.getMetadata().getName()
                                                    + "."
                                                    + UUID.randomUUID().toString().substring(0, 8))
                                    .withNamespace(sweep.getMetadata().getNamespace())
                                    .endMetadata()
                                    .withInvolvedObject(
                                            new ObjectReferenceBuilder()
                                                    .withApiVersion(sweep.getApiVersion())
                                                    .withKind(sweep.getKind())
                                                    .withName(sweep.getMetadata().getName())
                                                    .withNamespace(
                                                            sweep.getMetadata().getNamespace())
                                                    .withUid(sweep.getMetadata().getUid())
                                                    .build())
                                    .withType(type)
                                    .withReason(reason)
                                    .withMessage(SweepLimits.capMessage(message))
                                    .withFirstTimestamp(now)
                                    .withLastTimestamp(now)
                                    .withCount(1)
                                    .withNewSource(COMPONENT, null)
                                    .withReportingComponent(COMPONENT)
                                    .build())
                    .create();
        } catch (RuntimeException e) {
            LOG.warn(
                    "event not recorded sweep={}/{} reason={} error={}",
                    sweep.getMetadata().getNamespace(),
                    sweep.getMetadata().getName(),
                    reason,
                    e.toString());
        }
    }
}
