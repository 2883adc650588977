package dev.doppel.codec.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.doppel.codec.registry.SchemaRegistryException.Kind;
import dev.doppel.errors.DoppelException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against real HTTP servers on 127.0.0.1 that answer from a script. */
class SchemaRegistryClientTest {

    private static final String USER_SCHEMA =
            "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    private static final String SCHEMA_BODY = new ObjectMapper().createObjectNode().put("schema", USER_SCHEMA).toString();

    private ScriptedHttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = ScriptedHttpServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Retries with a 1-5 ms backoff, so tests don't wait. */
    private SchemaRegistryClient client(int maxRetries) {
        return SchemaRegistryClient.builder(server.baseUrl())
                .retries(maxRetries, Duration.ofMillis(1), Duration.ofMillis(5))
                .build();
    }

    @Nested
    class Retries {

        @Test
        void serviceUnavailableIsRetriedUntilTheRegistryAnswers() {
            server.answer(503, "").answer(503, "{\"error_code\":50003,\"message\":\"forwarding\"}").answer(200, SCHEMA_BODY);

            Schema schema = client(3).schemaById(1);

            assertThat(schema).isEqualTo(Schema.avro(USER_SCHEMA));
            assertThat(server.received()).hasSize(3);
        }

        @Test
        void tooManyRequestsIsRetried() {
            server.answer(429, "").answer(200, "{\"id\":12}");

            assertThat(client(3).register("users-value", Schema.avro(USER_SCHEMA))).isEqualTo(12);
            assertThat(server.received()).hasSize(2);
        }

        @Test
        void afterTheLastRetryTheServerErrorIsReportedAsUnavailable() {
            server.answer(503, "{\"error_code\":50002,\"message\":\"Operation timed out\"}");

            assertThatThrownBy(() -> client(2).schemaById(1))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                        assertThat(e.httpStatus()).isEqualTo(503);
                        assertThat(e.errorCode()).isEqualTo(50002);
                    });
            assertThat(server.received()).hasSize(3);
        }

        @Test
        void clientErrorsAreReportedAtOnce() {
            server.answer(404, "{\"error_code\":40403,\"message\":\"Schema 1 not found.\"}").answer(200, SCHEMA_BODY);

            assertThatThrownBy(() -> client(3).schemaById(1))
                    .isInstanceOfSatisfying(RegistryNotFoundException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.SCHEMA_NOT_FOUND));
            assertThat(server.received()).hasSize(1);
        }

        @Test
        void anIncompatibleSchemaIsNotRetried() {
            server.answer(409, "{\"error_code\":409,\"message\":\"Incompatible\"}").answer(200, "{\"id\":1}");

            assertThatThrownBy(() -> client(3).register("users-value", Schema.avro(USER_SCHEMA)))
                    .isInstanceOf(IncompatibleSchemaException.class);
            assertThat(server.received()).hasSize(1);
        }

        @Test
        void aRegistryThatIsNotListeningIsReportedAsUnavailable() throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort();
            }
            SchemaRegistryClient client = SchemaRegistryClient.builder("http://127.0.0.1:" + closedPort)
                    .retries(2, Duration.ofMillis(1), Duration.ofMillis(5))
                    .build();

            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                        assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NONE);
                        assertThat(e.getCause()).isInstanceOf(IOException.class);
                    })
                    .hasMessageContaining("after 3 attempt(s)");
        }
    }

    @Nested
    class NotRetried {

        @Test
        void aTlsFailureIsReportedAtTheFirstAttempt() throws Exception {
            // A server that speaks plain text on the port the client expects TLS on: every attempt is
            // one accepted connection, so the count tells how often the client tried.
            AtomicInteger connections = new AtomicInteger();
            try (ServerSocket plainText = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
                Thread acceptor = new Thread(() -> {
                    while (!plainText.isClosed()) {
                        try (Socket socket = plainText.accept()) {
                            connections.incrementAndGet();
                            socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            socket.getOutputStream().flush();
                            // Hold the connection until the client drops it: closed at once, the client
                            // could see a reset (which it rightly retries) before reading the plain text.
                            while (socket.getInputStream().read() >= 0) {
                                // drain the client's handshake bytes
                            }
                        } catch (IOException closed) {
                            return;
                        }
                    }
                });
                acceptor.setDaemon(true);
                acceptor.start();
                SchemaRegistryClient client = SchemaRegistryClient.builder("https://127.0.0.1:" + plainText.getLocalPort())
                        .retries(3, Duration.ofMillis(1), Duration.ofMillis(5))
                        .build();

                assertThatThrownBy(() -> client.schemaById(1))
                        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                            assertThat(e.getCause()).isInstanceOf(SSLException.class);
                        });
                assertThat(connections.get()).isEqualTo(1);
            }
        }
    }

    @Nested
    class Requests {

        @Test
        void registerPostsTheSchemaWithTheRegistryMediaTypeAndBasicAuth() throws IOException {
            server.answer(200, "{\"id\":1001}");
            SchemaRegistryClient client = SchemaRegistryClient.builder(server.baseUrl()).basicAuth("doppel:s3cr:et").build();

            int id = client.register("users-value", Schema.avro(USER_SCHEMA));

            assertThat(id).isEqualTo(1001);
            ScriptedHttpServer.Received request = server.received().get(0);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.rawPath()).isEqualTo("/subjects/users-value/versions");
            assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
            assertThat(request.authorization())
                    .isEqualTo("Basic " + Base64.getEncoder().encodeToString("doppel:s3cr:et".getBytes(StandardCharsets.UTF_8)));
            assertThat(new ObjectMapper().readTree(request.body()).get("schema").asText()).isEqualTo(USER_SCHEMA);
        }

        @Test
        void theBaseUrlMayHaveAPathAndATrailingSlash() {
            server.answer(200, SCHEMA_BODY);

            SchemaRegistryClient.builder(server.baseUrl() + "/apis/ccompat/v7/").build().schemaById(42);

            assertThat(server.received().get(0).rawPath()).isEqualTo("/apis/ccompat/v7/schemas/ids/42");
        }

        @Test
        void aSubjectIsOneEncodedPathSegment() {
            server.answer(200, "{\"id\":1}");

            client(0).register("team/orders value", Schema.avro(USER_SCHEMA));

            assertThat(server.received().get(0).rawPath()).isEqualTo("/subjects/team%2Forders%20value/versions");
        }

        @Test
        void schemasAreFetchedOncePerId() {
            server.answer(200, SCHEMA_BODY);
            SchemaRegistryClient client = client(0);

            client.schemaById(7);
            client.schemaById(7);

            assertThat(server.received()).hasSize(1);
        }

        @Test
        void registrationsAreCachedBySubjectAndSchema() {
            server.answer(200, "{\"id\":7}");
            SchemaRegistryClient client = client(0);

            client.register("a-value", Schema.avro(USER_SCHEMA));
            client.register("a-value", Schema.avro(USER_SCHEMA));
            client.register("b-value", Schema.avro(USER_SCHEMA));
            Schema registered = client.schemaById(7);

            assertThat(server.received()).extracting(ScriptedHttpServer.Received::rawPath)
                    .containsExactly("/subjects/a-value/versions", "/subjects/b-value/versions");
            assertThat(registered).isEqualTo(Schema.avro(USER_SCHEMA));
        }

        @Test
        void latestVersionIsAskedEveryTime() {
            server.answer(200, "{\"subject\":\"s\",\"version\":1,\"id\":3,\"schema\":" + quoted(USER_SCHEMA) + "}");
            SchemaRegistryClient client = client(0);

            client.latestVersion("s");
            client.latestVersion("s");

            assertThat(server.received()).hasSize(2);
        }

        @Test
        void lookingUpInAnUnknownSubjectFindsNothing() {
            server.answer(404, "{\"error_code\":40401,\"message\":\"Subject 's' not found.\"}");

            assertThat(client(0).lookup("s", Schema.avro(USER_SCHEMA))).isEmpty();
        }

        @Test
        void checkingCompatibilityWithASubjectWithoutVersionsSaysCompatible() {
            // Apicurio 2's answer; Confluent and Apicurio 3 say is_compatible true themselves.
            server.answer(404, "{\"error_code\":40402,\"message\":\"No version 'latest' found for artifact with ID 's'\"}");

            CompatibilityResult result = client(0).checkCompatibility("s", Schema.avro(USER_SCHEMA));

            assertThat(result.compatible()).isTrue();
            assertThat(server.received().get(0).rawPath()).isEqualTo("/compatibility/subjects/s/versions/latest");
            assertThat(server.received().get(0).rawQuery()).isEqualTo("verbose=true");
        }

        @Test
        void aSubjectWithoutItsOwnLevelHasTheGlobalOne() {
            server.answer(404, "{\"error_code\":40408,\"message\":\"Subject 's' does not have subject-level compatibility configured\"}")
                    .answer(200, "{\"compatibilityLevel\":\"FULL\"}");

            assertThat(client(0).compatibilityLevel("s")).isEqualTo(CompatibilityLevel.FULL);
            assertThat(server.received()).extracting(ScriptedHttpServer.Received::rawPath).containsExactly("/config/s", "/config");
        }

        @Test
        void settingALevelThatTheRegistryDoesNotApplyFails() {
            server.answer(200, "{\"compatibility\":\"NONE\"}");

            assertThatThrownBy(() -> client(0).setCompatibilityLevel("s", CompatibilityLevel.BACKWARD))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE))
                    .hasMessageContaining("answered NONE");
        }

        @Test
        void aUrlWithoutHttpIsRejectedWithTheUrlInTheMessage() {
            assertThatThrownBy(() -> SchemaRegistryClient.builder("localhost:8081"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'localhost:8081'");
        }

        @Test
        void basicAuthWithoutAPasswordSeparatorIsRejected() {
            assertThatThrownBy(() -> SchemaRegistryClient.builder(server.baseUrl()).basicAuth("doppel"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("user:password");
        }

        private static String quoted(String text) {
            return new ObjectMapper().getNodeFactory().textNode(text).toString();
        }
    }

    /**
     * An HTTPS server with a self-signed certificate for 127.0.0.1, from src/test/resources (its
     * README says how it was made).
     */
    @Nested
    class Tls {

        private static final char[] PASSWORD = "changeit".toCharArray();

        @TempDir
        Path scratch;

        private ScriptedHttpServer httpsServer;

        @BeforeEach
        void startHttpsServer() throws Exception {
            KeyStore keyStore = KeyStore.getInstance(resource("server.p12").toFile(), PASSWORD);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            HttpsServer https = HttpsServer.create(ScriptedHttpServer.loopbackAnyPort(), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(context));
            httpsServer = ScriptedHttpServer.start(https);
            httpsServer.answer(200, SCHEMA_BODY);
        }

        @AfterEach
        void stopHttpsServer() {
            httpsServer.close();
        }

        @Test
        void aTrustStoreWithTheRegistrysCertificateLetsTheClientIn() throws URISyntaxException {
            SchemaRegistryClient client = SchemaRegistryClient.builder(httpsServer.baseUrl())
                    .trustStore(resource("trust.p12"), PASSWORD)
                    .build();

            assertThat(client.schemaById(1)).isEqualTo(Schema.avro(USER_SCHEMA));
        }

        @Test
        void withoutTheTrustStoreTheHandshakeFails() {
            SchemaRegistryClient client = SchemaRegistryClient.builder(httpsServer.baseUrl())
                    .retries(3, Duration.ofMillis(1), Duration.ofMillis(5))
                    .build();

            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                        assertThat(e.getCause()).isInstanceOf(SSLException.class);
                    })
                    .hasMessageContaining("check the trust store");
            assertThat(httpsServer.received()).isEmpty();
        }

        @Test
        void anUnreadableTrustStoreIsReportedWithItsPath() {
            Path missing = scratch.resolve("missing.p12");

            assertThatThrownBy(() -> SchemaRegistryClient.builder(httpsServer.baseUrl()).trustStore(missing, PASSWORD))
                    .isInstanceOf(DoppelException.class)
                    .hasMessageContaining(missing.toString());
        }

        private static Path resource(String name) throws URISyntaxException {
            return Path.of(SchemaRegistryClientTest.class.getResource(name).toURI());
        }
    }
}
