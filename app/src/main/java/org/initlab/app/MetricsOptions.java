package org.initlab.app;

import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options that publish a run's metrics, declared once for {@code compare} and {@code sweep} (a picocli
 * mixin): {@code --metrics prometheus|logging}, {@code --metrics-port PORT} and {@code --metrics-bind ADDR}.
 * Experiment and sweep files name them {@code metrics}, {@code metrics_port} and {@code metrics_bind}.
 */
final class MetricsOptions {
    /** The address the Prometheus endpoint listens on unless told otherwise: loopback only. */
    static final String DEFAULT_BIND = "127.0.0.1";

    @Option(names = "--metrics", paramLabel = "KIND",
            description = "Publish the run's metrics and the JVM's (Micrometer): 'prometheus' serves a scrape "
                    + "endpoint on --metrics-bind:--metrics-port during the run (with --out the final scrape is "
                    + "written to DIR/metrics.prom); 'logging' logs them every 10 seconds.")
    Optional<String> metrics = Optional.empty();

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Port of the Prometheus endpoint (default 9464; 0 picks a free port and prints it).")
    Optional<Integer> metricsPort = Optional.empty();

    @Option(names = "--metrics-bind", paramLabel = "ADDR", defaultValue = DEFAULT_BIND,
            description = "Address the Prometheus endpoint listens on (default: ${DEFAULT-VALUE}).")
    String metricsBind = DEFAULT_BIND;

    /**
     * Starts the registry the options ask for, if any.
     *
     * @param stderr where the endpoint's address is announced
     * @return the scope that closes it; empty when {@code --metrics} was not given
     */
    MetricsScope open(PrintWriter stderr) {
        return new MetricsScope(metrics.map(kind -> Metrics.start(kind, metricsBind,
                metricsPort.orElse(Metrics.DEFAULT_PORT), stderr)));
    }
}
