package io.sparsesweep.operator.controller;

import io.sparsesweep.crd.SparseSweep;
import io.sparsesweep.operator.jobs.ResultsConfigMapFactory;
import io.sparsesweep.operator.kube.JobGateway;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each sweep's results ConfigMap equal to the CSV of its recorded results, writing it only
 * when the CSV changed since this process last wrote it (after a restart, once more).
 */
final class ResultsPublisher {
    private final JobGateway jobs;
    private final Map<String, String> written = new ConcurrentHashMap<>();

    ResultsPublisher(JobGateway jobs) {
        this.jobs = jobs;
    }

    void publish(SparseSweep sweep, String csv) {
        String key = SparseSweepReconciler.key(sweep);
        if (!csv.equals(written.get(key))) {
            jobs.upsert(ResultsConfigMapFactory.configMapFor(sweep, csv));
            written.put(key, csv);
        }
    }
}
