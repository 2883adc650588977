package dev.doppel.codec.registry;

import dev.doppel.codec.registry.SchemaRegistryException.Kind;
import dev.doppel.errors.DoppelException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client for the Confluent Schema Registry REST API, speaking the protocol itself (java.net.http
 * and Jackson) so doppel needs none of Confluent's jars. It works unchanged against Confluent
 * Schema Registry, Apicurio Registry's {@code /apis/ccompat/v7} and Karapace/Redpanda: a missing
 * {@code schemaType} is read as Avro, and no assumption is made about how ids are numbered.
 *
 * <p>Build one with {@link #builder(String)}. Instances are thread-safe and meant to be shared: they
 * cache schemas by id and ids by (subject, schema) for the life of the client (entries never
 * change on the registry, and a topic has few schemas, so the caches are unbounded). Latest
 * versions, compatibility checks and configuration are always asked afresh.
 *
 * <p>Every method throws an unchecked {@link SchemaRegistryException} when the registry refuses or
 * can't be reached: a {@link RegistryNotFoundException} for an unknown subject, version or id, an
 * {@link IncompatibleSchemaException} for HTTP 409, an {@link InvalidSchemaException} for 42201.
 * Connection failures, timeouts, 5xx and 429 are retried with exponential backoff first, then
 * reported as {@link Kind#UNAVAILABLE}; other refusals are reported at once. No argument may be
 * null, and subjects must not be blank.
 */
public final class SchemaRegistryClient {

    /** The media type of Confluent's REST API, version 1; every compatible registry accepts it. */
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    // The same preference order as Confluent's own client, so registries pick the v1 form.
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private final URI baseUri;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final RetryPolicy retryPolicy;
    private final String authorizationHeader;
    private final RegistryJson json = new RegistryJson();

    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, RegisteredSchema> versionsBySubjectSchema = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {}

    private SchemaRegistryClient(Builder builder) {
        this.baseUri = builder.baseUri;
        this.requestTimeout = builder.requestTimeout;
        this.retryPolicy = builder.retryPolicy;
        this.authorizationHeader = builder.basicAuthUserInfo == null
                ? null
                : "Basic " + Base64.getEncoder().encodeToString(builder.basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
        HttpClient.Builder http = HttpClient.newBuilder()
                // HTTP/1.1: with HTTP/2 the JDK tries an h2c upgrade on plain http, which some proxies mangle.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(builder.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (builder.sslContext != null) {
            http.sslContext(builder.sslContext);
        }
        this.http = http.build();
    }

    /**
     * Starts configuring a client.
     *
     * @param baseUrl the registry's REST root, e.g. {@code http://localhost:8081} for Confluent or
     *     {@code http://localhost:8080/apis/ccompat/v7} for Apicurio; a trailing slash is ignored
     */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** The REST root this client talks to, without a trailing slash. */
    public URI baseUri() {
        return baseUri;
    }

    /**
     * Registers a schema under a subject, or finds it already there: registering the same schema
     * twice gives the same id, without a new version.
     *
     * @return the registry-wide id of the schema
     * @throws IncompatibleSchemaException if it breaks the subject's compatibility level
     * @throws InvalidSchemaException if the registry cannot parse it
     */
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(requireSubject(subject), Objects.requireNonNull(schema, "schema"));
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        String operation = "registering a schema under subject '" + subject + "'";
        String body = call(operation, "POST", "/subjects/" + encode(subject) + "/versions", json.schemaRequest(schema));
        int id = json.parseRegisteredId(operation, body);
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /**
     * Looks up whether a schema is registered under a subject.
     *
     * @return the version holding it, or empty if the subject doesn't exist or doesn't hold this
     *     schema
     */
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(requireSubject(subject), Objects.requireNonNull(schema, "schema"));
        RegisteredSchema cached = versionsBySubjectSchema.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        String operation = "looking up a schema under subject '" + subject + "'";
        String body;
        try {
            body = call(operation, "POST", "/subjects/" + encode(subject), json.schemaRequest(schema));
        } catch (RegistryNotFoundException e) {
            if (e.kind() == Kind.SUBJECT_NOT_FOUND || e.kind() == Kind.SCHEMA_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        RegisteredSchema found = json.parseRegisteredSchema(operation, subject, body);
        versionsBySubjectSchema.put(key, found);
        idsBySubjectSchema.put(key, found.id());
        schemasById.putIfAbsent(found.id(), found.schema());
        return Optional.of(found);
    }

    /**
     * The schema with a registry-wide id, as found in the Confluent wire format.
     *
     * @throws RegistryNotFoundException of kind {@link Kind#SCHEMA_NOT_FOUND} if there is none
     */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String operation = "fetching schema id " + id;
        Schema schema = json.parseSchema(operation, call(operation, "GET", "/schemas/ids/" + id, null));
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    /**
     * The newest version registered under a subject; never cached, since it changes.
     *
     * @throws RegistryNotFoundException of kind {@link Kind#SUBJECT_NOT_FOUND} if the subject has no
     *     versions
     */
    public RegisteredSchema latestVersion(String subject) {
        String operation = "fetching the latest version of subject '" + requireSubject(subject) + "'";
        String body = call(operation, "GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        RegisteredSchema latest = json.parseRegisteredSchema(operation, subject, body);
        schemasById.putIfAbsent(latest.id(), latest.schema());
        return latest;
    }

    /**
     * Asks whether a schema could be registered as the subject's next version under its current
     * compatibility level. A subject without versions accepts anything, as with Confluent (Apicurio 2
     * answers "version not found" there; this method hides the difference).
     */
    public CompatibilityResult checkCompatibility(String subject, Schema schema) {
        String operation = "checking compatibility with subject '" + requireSubject(subject) + "'";
        Objects.requireNonNull(schema, "schema");
        try {
            String body = call(operation, "POST",
                    "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true", json.schemaRequest(schema));
            return json.parseCompatibility(operation, body);
        } catch (RegistryNotFoundException e) {
            if (e.kind() == Kind.SUBJECT_NOT_FOUND || e.kind() == Kind.VERSION_NOT_FOUND) {
                return new CompatibilityResult(true, List.of("subject '" + subject + "' has no versions yet"));
            }
            throw e;
        }
    }

    /** Sets the compatibility level the registry enforces for one subject. */
    public void setCompatibilityLevel(String subject, CompatibilityLevel level) {
        String operation = "setting the compatibility level of subject '" + requireSubject(subject) + "'";
        Objects.requireNonNull(level, "level");
        String body = call(operation, "PUT", "/config/" + encode(subject), json.compatibilityRequest(level));
        CompatibilityLevel applied = json.parseCompatibilityLevel(operation, body);
        if (applied != level) {
            throw new SchemaRegistryException(Kind.INVALID_RESPONSE, SchemaRegistryException.NONE,
                    SchemaRegistryException.NONE, null, operation + " to " + level + " answered " + applied, null);
        }
    }

    /**
     * The compatibility level in force for a subject: its own if set, else the registry's global
     * one. (Confluent answers 40408 for a subject without its own level and Apicurio 40401 for an
     * unknown subject; both fall back to the global level here.)
     */
    public CompatibilityLevel compatibilityLevel(String subject) {
        String operation = "reading the compatibility level of subject '" + requireSubject(subject) + "'";
        try {
            return json.parseCompatibilityLevel(operation,
                    call(operation, "GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null));
        } catch (RegistryNotFoundException e) {
            return globalCompatibilityLevel();
        }
    }

    /** The registry's default compatibility level for subjects that have none of their own. */
    public CompatibilityLevel globalCompatibilityLevel() {
        String operation = "reading the global compatibility level";
        return json.parseCompatibilityLevel(operation, call(operation, "GET", "/config", null));
    }

    /**
     * Sends one request, retrying what may pass, and returns the body of a 2xx answer.
     *
     * @param operation what the caller was doing, for exception messages
     * @param pathAndQuery appended to the base URL, already encoded
     * @param body the JSON request body, or null for none
     */
    private String call(String operation, String method, String pathAndQuery, String body) {
        HttpRequest request = request(method, pathAndQuery, body);
        for (int retry = 0; ; retry++) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (SSLException e) {
                // A handshake failure is configuration (trust store, host name), not bad luck: don't retry.
                throw new SchemaRegistryException(Kind.UNAVAILABLE, SchemaRegistryException.NONE,
                        SchemaRegistryException.NONE, null,
                        operation + " failed: TLS with " + baseUri + " failed (check the trust store): " + e.getMessage(), e);
            } catch (IOException e) {
                if (retry < retryPolicy.maxRetries()) {
                    sleepBeforeRetry(operation, retry + 1);
                    continue;
                }
                throw new SchemaRegistryException(Kind.UNAVAILABLE, SchemaRegistryException.NONE,
                        SchemaRegistryException.NONE, null, operation + " failed: no answer from " + baseUri + " after "
                        + (retry + 1) + " attempt(s): " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(operation, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response.body();
            }
            if ((status >= 500 || status == 429) && retry < retryPolicy.maxRetries()) {
                sleepBeforeRetry(operation, retry + 1);
                continue;
            }
            throw json.parseError(operation, status, response.body());
        }
    }

    private HttpRequest request(String method, String pathAndQuery, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUri + pathAndQuery))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorizationHeader != null) {
            request.header("Authorization", authorizationHeader);
        }
        return request.build();
    }

    private void sleepBeforeRetry(String operation, int retry) {
        long maxMillis = retryPolicy.backoffBeforeRetry(retry).toMillis();
        long millis = maxMillis / 2 + ThreadLocalRandom.current().nextLong(maxMillis / 2 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(operation, e);
        }
    }

    private static SchemaRegistryException interrupted(String operation, InterruptedException e) {
        return new SchemaRegistryException(Kind.INTERRUPTED, SchemaRegistryException.NONE,
                SchemaRegistryException.NONE, null, operation + " was interrupted", e);
    }

    private static String requireSubject(String subject) {
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("subject is blank");
        }
        return subject;
    }

    /** Subjects are free text ("orders-value", "com.acme.Order", even with '/'): one path segment each. */
    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Settings of a {@link SchemaRegistryClient}. Defaults: connect timeout 10 s, request timeout
     * 30 s, 3 retries with backoff from 100 ms doubling to at most 2 s, no authentication, the JVM's
     * default trust store.
     */
    public static final class Builder {
        private final URI baseUri;
        private String basicAuthUserInfo;
        private SSLContext sslContext;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;

        private Builder(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String trimmed = baseUrl.strip().replaceAll("/+$", "");
            URI uri;
            try {
                uri = URI.create(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("schema registry URL '" + baseUrl + "' is not a URL: " + e.getMessage(), e);
            }
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("schema registry URL '" + baseUrl + "' must start with http:// or https://");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("schema registry URL '" + baseUrl + "' must not have a query or fragment");
            }
            this.baseUri = uri;
        }

        /**
         * HTTP basic authentication, given as Confluent's {@code basic.auth.user.info}:
         * {@code user:password} (the password may itself contain ':').
         */
        public Builder basicAuth(String userInfo) {
            Objects.requireNonNull(userInfo, "userInfo");
            if (userInfo.indexOf(':') <= 0) {
                throw new IllegalArgumentException("basic auth must be given as user:password");
            }
            this.basicAuthUserInfo = userInfo;
            return this;
        }

        /** TLS with a ready-made context (client certificates, custom trust). */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * TLS trusting the certificates in a trust store (PKCS12 or JKS, detected from the file).
         *
         * @param password the store's password, or null for a store without one
         * @throws DoppelException if the store can't be read
         */
        public Builder trustStore(Path path, char[] password) {
            Objects.requireNonNull(path, "path");
            try {
                KeyStore store = KeyStore.getInstance(path.toFile(), password);
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                this.sslContext = context;
                return this;
            } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                // KeyStore.getInstance(File, ...) reports a missing file as IllegalArgumentException.
                throw new DoppelException("cannot load schema registry trust store " + path + ": " + e.getMessage(), e);
            }
        }

        /** How long to wait for a TCP connection (and TLS handshake) to the registry. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive(timeout, "connectTimeout");
            return this;
        }

        /** How long to wait for the registry's answer to one request. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = requirePositive(timeout, "requestTimeout");
            return this;
        }

        /**
         * How often to repeat a request after a connection failure, timeout, 5xx or 429, and how long
         * to wait in between: {@code initialBackoff}, doubling each time, never more than
         * {@code maxBackoff} (each wait is randomized between half of that and all of it).
         *
         * @param maxRetries 0 to fail at the first error
         */
        public Builder retries(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
            this.retryPolicy = new RetryPolicy(maxRetries, initialBackoff, maxBackoff);
            return this;
        }

        public SchemaRegistryClient build() {
            return new SchemaRegistryClient(this);
        }

        private static Duration requirePositive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + duration);
            }
            return duration;
        }
    }
}
