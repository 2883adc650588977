package dev.doppel.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doppel.codec.registry.IncompatibleSchemaException;
import dev.doppel.codec.registry.CompatibilityLevel;
import dev.doppel.codec.registry.Schema;
import dev.doppel.codec.registry.SchemaRegistryClient;
import dev.doppel.embedded.EmbeddedRegistry.Distribution;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The registry process itself: which release starts, and that nothing is left behind. */
class EmbeddedRegistryIT {

    private static final Schema V1 = Schema.avro(
            "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"amount\",\"type\":\"double\"}]}");
    private static final Schema AMOUNT_AS_STRING = Schema.avro(
            "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"amount\",\"type\":\"string\"}]}");

    @Test
    void startPicksApicurio3WhenAJava21IsInstalledAndCloseLeavesNothingBehind() throws Exception {
        Distribution expected = JavaRuntimes.find(21).isPresent() ? Distribution.APICURIO_3 : Distribution.APICURIO_2;
        EmbeddedRegistry registry = EmbeddedRegistry.start();
        long pid = registry.pid();
        Path workDirectory = registry.logFile().getParent();
        String baseUrl = registry.baseUrl();
        try {
            assertThat(registry.distribution()).isEqualTo(expected);
            assertThat(baseUrl).matches("http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7");
            assertThat(Files.size(registry.logFile())).isPositive();
        } finally {
            registry.close();
        }

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        assertThat(workDirectory).doesNotExist();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/subjects")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(IOException.class);
        registry.close(); // a second close is harmless
    }

    @Test
    void theJava17FallbackApicurio2ServesTheSameApi() {
        try (EmbeddedRegistry registry = EmbeddedRegistry.start(Distribution.APICURIO_2)) {
            SchemaRegistryClient client = SchemaRegistryClient.builder(registry.baseUrl()).build();

            int id = client.register("orders-value", V1);
            client.setCompatibilityLevel("orders-value", CompatibilityLevel.BACKWARD);

            assertThat(registry.distribution()).isEqualTo(Distribution.APICURIO_2);
            assertThat(SchemaRegistryClient.builder(registry.baseUrl()).build().schemaById(id)).isEqualTo(V1);
            assertThat(client.checkCompatibility("orders-value", AMOUNT_AS_STRING).compatible()).isFalse();
            assertThatThrownBy(() -> client.register("orders-value", AMOUNT_AS_STRING))
                    .isInstanceOf(IncompatibleSchemaException.class);
        }
    }
}
