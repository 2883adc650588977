package dev.doppel.codec.registry;

/**
 * The registry refused to register a schema because it breaks the subject's compatibility level
 * (HTTP 409); {@link #registryMessage()} usually names the offending field.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {

    IncompatibleSchemaException(int httpStatus, int errorCode, String registryMessage, String message) {
        super(Kind.INCOMPATIBLE_SCHEMA, httpStatus, errorCode, registryMessage, message, null);
    }
}
