package org.initlab.app;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.logging.LoggingMeterRegistry;
import io.micrometer.core.instrument.logging.LoggingRegistryConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The metrics of one {@code compare} run: a registry of the kind asked for ({@code prometheus} or
 * {@code logging}) with JVM meters and {@link TrainingMetrics}; for Prometheus a scrape endpoint
 * ({@code GET /metrics} on the JDK's HTTP server) while the run lasts.
 */
final class Metrics implements AutoCloseable {
    /** Default port of the Prometheus endpoint (the OpenTelemetry Prometheus exporter's). */
    static final int DEFAULT_PORT = 9464;

    private final MeterRegistry registry;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Optional<HttpServer> server;

    private Metrics(MeterRegistry registry, Optional<HttpServer> server) {
        this.registry = registry;
        this.server = server;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    /**
     * Starts the metrics of a run.
     *
     * @param kind  {@code prometheus} or {@code logging}
     * @param bind  the endpoint's address (Prometheus)
     * @param port  the endpoint's port, 0 for any free one (Prometheus)
     * @param log   where the logging registry writes, and where the endpoint's address is announced
     * @return the started metrics
     * @throws IllegalArgumentException for an unknown kind, a port outside 0..65535, a bind address that is not
     *                                  a literal IP address or {@code localhost}, or an address that cannot be
     *                                  bound
     */
    static Metrics start(String kind, String bind, int port, PrintWriter log) {
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "prometheus" -> {
                InetSocketAddress address = new InetSocketAddress(MetricsAddress.parse(bind),
                        MetricsAddress.checkPort(port));
                PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                HttpServer server;
                try {
                    server = HttpServer.create(address, 0);
                } catch (IOException e) {
                    throw new IllegalArgumentException("--metrics-port " + port + " on " + bind + ": cannot listen ("
                            + e.getMessage() + ")", e);
                }
                server.createContext("/metrics", exchange -> {
                    byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
                server.start();
                log.printf(Locale.ROOT, "metrics: http://%s:%d/metrics%n", server.getAddress().getHostString(),
                        server.getAddress().getPort());
                log.flush();
                return new Metrics(registry, Optional.of(server));
            }
            case "logging" -> {
                LoggingRegistryConfig config = new LoggingRegistryConfig() {
                    @Override
                    public String get(String key) {
                        return null;
                    }

                    @Override
                    public Duration step() {
                        return Duration.ofSeconds(10);
                    }
                };
                return new Metrics(LoggingMeterRegistry.builder(config).loggingSink(line -> {
                    log.println("metrics: " + line);
                    log.flush();
                }).build(), Optional.empty());
            }
            default -> throw new IllegalArgumentException("unknown --metrics '" + kind
                    + "'; known: prometheus, logging");
        }
    }

    /** @return the registry */
    MeterRegistry registry() {
        return registry;
    }

    /** @return the endpoint's port, for Prometheus */
    Optional<Integer> port() {
        return server.map(s -> s.getAddress().getPort());
    }

    /**
     * Writes the final scrape as {@code metrics.prom} (Prometheus only).
     *
     * @param files the output directory
     */
    void writeScrape(OutputFiles files) {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            files.write("metrics.prom", prometheus.scrape());
        }
    }

    @Override
    public void close() {
        server.ifPresent(s -> s.stop(0));
        gc.close();
        registry.close();
    }
}
