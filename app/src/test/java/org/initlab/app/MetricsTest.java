package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --metrics: Micrometer meters of training and the JVM, served to Prometheus and written to metrics.prom. */
class MetricsTest {
    @TempDir
    Path tmp;

    @Test
    void thePrometheusEndpointServesTrainingAndJvmMetrics() throws Exception {
        StringWriter log = new StringWriter();
        try (Metrics metrics = Metrics.start("prometheus", "127.0.0.1", 0, new PrintWriter(log, true))) {
            int port = metrics.port().orElseThrow();
            assertThat(port).isPositive();
            assertThat(log.toString()).contains("metrics: http://127.0.0.1:" + port + "/metrics");
            TrainingMetrics training = new TrainingMetrics("native");
            training.bindTo(metrics.registry());
            training.trialStarted("he-normal", 3, 1, 10);
            training.stepFinished(1, 1, 0.75);
            training.epochFinished(new EpochResult(1, 0.7, 0.6, 0.875, 1.5));
            training.trialFinished(new TrialResult("he-normal", 3, TrialStatus.OK,
                    List.of(new EpochResult(1, 0.7, 0.6, 0.875, 1.5)), 1.6, 1234, Optional.empty()));

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("text/plain"));
            String body = response.body();
            assertThat(body).contains("# TYPE initlab_train_accuracy gauge")
                    .containsPattern("initlab_train_accuracy\\{backend=\"native\",init=\"he-normal\",seed=\"3\"} 0\\.875")
                    .containsPattern("initlab_train_loss\\{[^}]*} 0\\.75")
                    .containsPattern("initlab_train_samples_per_second\\{[^}]*} 1234\\.0")
                    .contains("initlab_train_epoch_seconds_count{backend=\"native\",init=\"he-normal\",seed=\"3\"} 1")
                    .contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void compareWritesTheFinalScrapeAndRejectsAnUnknownKind() throws Exception {
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run("compare", "--init", "he-normal", "--seeds", "1", "--epochs", "1",
                "--train-limit", "300", "--test-limit", "100", "--model", "mlp:784-16-10", "--quiet",
                "--metrics", "prometheus", "--metrics-port", "0", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).containsPattern("metrics: http://127\\.0\\.0\\.1:\\d+/metrics");
        assertThat(Files.readString(out.resolve("metrics.prom")))
                .contains("initlab_train_accuracy{backend=\"native\",init=\"he-normal\",seed=\"0\"}")
                .contains("jvm_threads_live_threads");
        assertThat(Files.readString(out.resolve("experiment.yaml"))).contains("metrics: prometheus")
                .contains("metrics_port: 0");
        assertThatThrownBy(() -> Metrics.start("statsd", "127.0.0.1", 0, new PrintWriter(new StringWriter())))
                .hasMessage("unknown --metrics 'statsd'; known: prometheus, logging");
    }

    @Test
    void theLoggingRegistryLogsToTheGivenSink() {
        StringWriter log = new StringWriter();
        try (Metrics metrics = Metrics.start("logging", "127.0.0.1", 0, new PrintWriter(log, true))) {
            new TrainingMetrics("native").bindTo(metrics.registry());
            assertThat(metrics.port()).isEmpty();
        }
        // closing publishes once
        assertThat(log.toString()).contains("metrics: ").contains("jvm.");
    }
}
