package io.sparsesweep.operator.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sparsesweep.operator.kube.JobGateway;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link JobGateway} that passes everything to another one but answers {@link #logTail} from logs
 * the test sets: neither the mock server nor a bare API server has a kubelet to serve them.
 */
public final class LoggingJobGateway implements JobGateway {
    private final JobGateway delegate;
    private final Map<String, String> logs = new ConcurrentHashMap<>();

    public LoggingJobGateway(JobGateway delegate) {
        this.delegate = delegate;
    }

    /** What the named Job's container printed. */
    public void log(String namespace, String job, String text) {
        logs.put(namespace + "/" + job, text);
    }

    @Override
    public Optional<String> logTail(Job job, String container, int lines, int maxBytes) {
        return Optional.ofNullable(
                logs.get(job.getMetadata().getNamespace() + "/" + job.getMetadata().getName()));
    }

    @Override
    public boolean create(Job job) {
        return delegate.create(job);
    }

    @Override
    public void delete(String namespace, String name) {
        delegate.delete(namespace, name);
    }

    @Override
    public void mark(Job job, String mark, boolean on) {
        delegate.mark(job, mark, on);
    }

    @Override
    public void suspend(Job job, boolean suspend, String mark) {
        delegate.suspend(job, suspend, mark);
    }

    @Override
    public Optional<ContainerStateTerminated> termination(Job job, String container) {
        return delegate.termination(job, container);
    }

    @Override
    public void upsert(ConfigMap configMap) {
        delegate.upsert(configMap);
    }

    @Override
    public List<Job> jobsOf(String namespace, String sweep) {
        return delegate.jobsOf(namespace, sweep);
    }
}
