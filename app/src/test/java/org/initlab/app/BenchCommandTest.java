package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void jsonHasOneResultPerBackendWithThroughput() throws Exception {
        CliTest.Run r = CliTest.run("bench", "--backend", "native", "--model", "mlp:784-64-10:relu",
                "--batch-size", "32", "--warmup", "0.2", "--rounds", "2", "--round-seconds", "0.2", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
        assertThat(results).hasSize(1);
        JsonNode native0 = results.get(0);
        assertThat(native0.get("backend").asText()).isEqualTo("native");
        assertThat(native0.get("model").asText()).isEqualTo("mlp:784-64-10:relu");
        assertThat(native0.get("batch_size").asInt()).isEqualTo(32);
        assertThat(native0.get("samples_per_second").asDouble()).isGreaterThan(100);
    }

    @Test
    void tableShowsEachBackend() {
        CliTest.Run r = CliTest.run("bench", "--backend", "native", "--model", "mlp:20-8-3", "--warmup", "0",
                "--rounds", "1", "--round-seconds", "0.1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("mlp:20-8-3, batch 64").contains("native").contains("samples/s");
    }

    @Test
    void unknownBackendIsAOneLineError() {
        CliTest.Run r = CliTest.run("bench", "--backend", "tpu");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("initlab: unknown backend 'tpu' (known: ");
    }
}
