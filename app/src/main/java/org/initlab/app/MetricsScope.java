package org.initlab.app;

import java.util.Optional;

/** The metrics of a run, if any were asked for, closed with the run. */
record MetricsScope(Optional<Metrics> metrics) implements AutoCloseable {
    @Override
    public void close() {
        metrics.ifPresent(Metrics::close);
    }
}
