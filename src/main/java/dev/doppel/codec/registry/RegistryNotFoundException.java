package dev.doppel.codec.registry;

/**
 * The registry has no such subject, version or schema ({@link #kind()} says which); HTTP 404 with
 * error_code 40401, 40402, 40403 or another 404xx.
 */
public class RegistryNotFoundException extends SchemaRegistryException {

    RegistryNotFoundException(Kind kind, int httpStatus, int errorCode, String registryMessage, String message) {
        super(kind, httpStatus, errorCode, registryMessage, message, null);
    }
}
