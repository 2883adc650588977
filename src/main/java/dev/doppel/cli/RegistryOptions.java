package dev.doppel.cli;

import dev.doppel.codec.registry.SchemaRegistryClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of commands that may talk to a schema registry (Confluent's REST API). */
final class RegistryOptions {

    @Option(names = "--schema-registry", paramLabel = "URL",
            description = "Schema registry base URL (Confluent, Apicurio's /apis/ccompat/v7, Karapace, Redpanda). With it, values are Avro in the registry's wire format unless --value-format json.")
    String url;

    @Option(names = "--registry-basic-auth", paramLabel = "USER:PASSWORD", description = "HTTP basic authentication for the registry.")
    String basicAuth;

    @Option(names = "--registry-truststore", paramLabel = "FILE", description = "Trust store (PKCS12 or JKS) for a registry on https.")
    Path truststore;

    @Option(names = "--registry-truststore-password", paramLabel = "PASSWORD", description = "Password of --registry-truststore.")
    String truststorePassword;

    boolean configured() {
        return url != null;
    }

    /** The client, or null without {@code --schema-registry}. */
    SchemaRegistryClient client() {
        if (url == null) {
            return null;
        }
        SchemaRegistryClient.Builder builder = SchemaRegistryClient.builder(url);
        if (basicAuth != null) {
            builder.basicAuth(basicAuth);
        }
        if (truststore != null) {
            builder.trustStore(truststore, truststorePassword == null ? null : truststorePassword.toCharArray());
        }
        return builder.build();
    }
}
