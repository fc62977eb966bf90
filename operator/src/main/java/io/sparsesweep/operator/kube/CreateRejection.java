package io.sparsesweep.operator.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparsesweep.crd.SweepLimits;
import java.util.Optional;

/**
 * A create the API server refused for good: the object itself is invalid (400, 422) or forbidden by
 * policy (403, e.g. an admission policy or Pod Security), as opposed to a failure a retry may cure
 * (a quota that is full, a conflict, a server error, a timeout). Trial Jobs of a sweep share one
 * pod template, so one refusal means every launch would be refused: retrying them forever was the
 * bug.
 *
 * @param code the HTTP status
 * @param message the API server's own message, capped
 */
public record CreateRejection(int code, String message) {

    /** The rejection in {@code failure}, if it is one that no retry can cure. */
    public static Optional<CreateRejection> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k) {
                int code = k.getCode();
                String message =
                        k.getStatus() != null && k.getStatus().getMessage() != null
                                ? k.getStatus().getMessage()
                                : String.valueOf(k.getMessage());
                boolean permanent =
                        code == 400
                                || code == 422
                                || (code == 403 && !message.contains("exceeded quota"));
                return permanent
                        ? Optional.of(new CreateRejection(code, SweepLimits.capMessage(message)))
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
