package io.sparsesweep.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparsesweep.operator.config.OperatorSettings;
import io.sparsesweep.operator.config.OperatorSettingsLoader;
import io.sparsesweep.operator.controller.SparseSweepReconciler;
import io.sparsesweep.operator.kube.KubernetesEventRecorder;
import io.sparsesweep.operator.kube.KubernetesJobGateway;
import io.sparsesweep.operator.kube.KubernetesStatusWriter;
import io.sparsesweep.operator.kube.KubernetesWorkloadGateway;
import io.sparsesweep.operator.logging.LogSetup;
import io.sparsesweep.operator.metrics.SweepLifecycleMetrics;
import io.sparsesweep.operator.metrics.SweepMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process, wired by hand: settings, the reconciler and its seams, JOSDK (no
 * server-side apply, optional leader election on a Lease, Micrometer metrics), and the HTTP
 * endpoint for metrics and probes. Tests pass their own client.
 */
public final class SparseSweepOperator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SparseSweepOperator.class);

    private final Operator operator;
    private final PrometheusMeterRegistry registry;
    private final OperatorSettings settings;
    private final OperatorOptions options;
    private MetricsServer http;

    /** Reads the config file named in the options and builds the operator on {@code client}. */
    public static SparseSweepOperator create(KubernetesClient client, OperatorOptions options)
            throws IOException {
        OperatorSettings settings =
                options.config() == null
                        ? OperatorSettings.defaults()
                        : OperatorSettingsLoader.load(options.config());
        if (options.watchNamespaces() != null) {
            settings = settings.withWatchNamespaces(options.watchNamespaces());
        }
        if (options.trainerImage() != null) {
            // The fitting image stays the operator's own: never the trainer's.
            settings = settings.withImages(options.trainerImage(), settings.fittingImage());
        }
        // Trial and fitting pods log the way the operator does (the chart's operator.logFormat).
        settings = settings.withPodLogFormat(LogSetup.format());
        return new SparseSweepOperator(client, settings, options);
    }

    public SparseSweepOperator(
            KubernetesClient client, OperatorSettings settings, OperatorOptions options) {
        this(client, settings, options, true);
    }

    /**
     * @param exitOnLostLease whether losing the Lease ends the process (JOSDK's default, so that
     *     two replicas never reconcile at once); tests in one JVM turn it off
     */
    SparseSweepOperator(
            KubernetesClient client,
            OperatorSettings settings,
            OperatorOptions options,
            boolean exitOnLostLease) {
        this.settings = settings;
        this.options = options;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Heap, CPU and threads: the operator's memory is budgeted (chart -Xmx192m; Grafana
        // dashboard panel "Operator heap and CPU").
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        SweepMetrics sweepMetrics = new SweepMetrics(registry);
        this.operator =
                new Operator(
                        o -> {
                            o.withKubernetesClient(client)
                                    .withUseSSAToPatchPrimaryResource(false)
                                    .withCloseClientOnStop(false)
                                    .withStopOnInformerErrorDuringStartup(false)
                                    .withMetrics(
                                            new SweepLifecycleMetrics(
                                                    MicrometerMetrics.newMicrometerMetricsBuilder(
                                                                    registry)
                                                            .notCollectingMetricsPerResource()
                                                            .build(),
                                                    sweepMetrics));
                            if (options.leaderElection()) {
                                o.withLeaderElectionConfiguration(
                                        new LeaderElectionConfiguration(
                                                options.leaseName(),
                                                options.leaseNamespace(),
                                                LeaderElectionConfiguration
                                                        .LEASE_DURATION_DEFAULT_VALUE,
                                                LeaderElectionConfiguration
                                                        .RENEW_DEADLINE_DEFAULT_VALUE,
                                                LeaderElectionConfiguration
                                                        .RETRY_PERIOD_DEFAULT_VALUE,
                                                options.identity(),
                                                null,
                                                exitOnLostLease));
                            }
                        });
        SparseSweepReconciler reconciler =
                new SparseSweepReconciler(
                        settings,
                        new KubernetesJobGateway(client),
                        new KubernetesWorkloadGateway(client),
                        new KubernetesStatusWriter(client),
                        new KubernetesEventRecorder(client),
                        sweepMetrics,
                        Clock.systemUTC());
        operator.register(
                reconciler,
                c -> {
                    c.withReconciliationMaxInterval(settings.resync());
                    if (!settings.watchNamespaces().isEmpty()) {
                        c.settingNamespaces(settings.watchNamespaces());
                    }
                });
    }

    /** Starts reconciling (after winning the Lease, with leader election) and serving metrics. */
    public void start() throws IOException {
        if (options.metricsPort() > 0) {
            http = new MetricsServer(options.metricsPort(), registry, this::ready);
        }
        operator.start();
        LOG.info(
                "operator started namespaces={} leaderElection={} metricsPort={}"
                        + " jobCreationConcurrency={}",
                settings.watchNamespaces().isEmpty() ? "all" : settings.watchNamespaces(),
                options.leaderElection(),
                options.metricsPort(),
                settings.jobCreationConcurrency());
    }

    /** Ready once started with healthy informers. */
    public boolean ready() {
        var info = operator.getRuntimeInfo();
        return info.isStarted() && info.allEventSourcesAreHealthy();
    }

    /** Stops on SIGTERM: in-flight reconciles get {@code timeout} to finish. */
    public void installShutdownHook(Duration timeout) {
        operator.installShutdownHook(timeout);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    if (http != null) {
                                        http.close();
                                    }
                                },
                                "sparsesweep-metrics-stop"));
    }

    /** The Prometheus registry (JOSDK's and the operator's own meters). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The settings in force. */
    public OperatorSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        operator.stop();
        if (http != null) {
            http.close();
        }
    }
}
