package dev.doppel.codec.registry;

/** The registry could not parse the schema it was given (HTTP 422, error_code 42201). */
public class InvalidSchemaException extends SchemaRegistryException {

    InvalidSchemaException(int httpStatus, int errorCode, String registryMessage, String message) {
        super(Kind.INVALID_SCHEMA, httpStatus, errorCode, registryMessage, message, null);
    }
}
