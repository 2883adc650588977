package dev.doppel.codec.registry;

import dev.doppel.errors.DoppelException;
import java.util.Objects;

/**
 * A schema registry request failed. Carries what the registry said: the HTTP status, the registry's
 * own {@code error_code} (40401, 409, 42201, ...) and its message, plus a {@link Kind} that is the
 * same whichever registry implementation answered. The cases a caller usually acts on have their
 * own subclasses: {@link RegistryNotFoundException}, {@link IncompatibleSchemaException} and
 * {@link InvalidSchemaException}.
 */
public class SchemaRegistryException extends DoppelException {

    /** What went wrong, independent of which registry implementation said so. */
    public enum Kind {
        /** error_code 40401: the subject has no versions (or never existed). */
        SUBJECT_NOT_FOUND,
        /** error_code 40402: the subject exists but not that version. */
        VERSION_NOT_FOUND,
        /** error_code 40403: no schema with that id, or the schema isn't registered under the subject. */
        SCHEMA_NOT_FOUND,
        /** Any other 404, e.g. 40408 "no subject-level compatibility configured". */
        NOT_FOUND,
        /** HTTP 409: the schema breaks the subject's compatibility rules. */
        INCOMPATIBLE_SCHEMA,
        /** error_code 42201: the registry could not parse the schema. */
        INVALID_SCHEMA,
        /** Any other 4xx: the request itself was wrong (invalid version, unknown compatibility level...). */
        BAD_REQUEST,
        /** HTTP 401 or 403: credentials missing, wrong, or not allowed to do this. */
        UNAUTHORIZED,
        /** No answer, 5xx or 429, still so after the configured retries; worth trying again later. */
        UNAVAILABLE,
        /** The registry answered with a status or body this client does not understand. */
        INVALID_RESPONSE,
        /** The calling thread was interrupted while waiting; its interrupt flag is set again. */
        INTERRUPTED
    }

    /** The value of {@link #httpStatus()} and {@link #errorCode()} when there is none. */
    public static final int NONE = 0;

    private final Kind kind;
    private final int httpStatus;
    private final int errorCode;
    private final String registryMessage;

    SchemaRegistryException(
            Kind kind, int httpStatus, int errorCode, String registryMessage, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    /** What went wrong; never null. */
    public Kind kind() {
        return kind;
    }

    /**
     * The HTTP status of the registry's refusal, or {@link #NONE} if there was no answer, or the
     * answer was a success whose body could not be read ({@link Kind#INVALID_RESPONSE}).
     */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code}, or {@link #NONE} if its answer had none. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's own message (or its body when that wasn't JSON); null if it gave none. */
    public String registryMessage() {
        return registryMessage;
    }

    /** True for every not-found kind: subject, version, schema or other. */
    public boolean isNotFound() {
        return kind == Kind.SUBJECT_NOT_FOUND
                || kind == Kind.VERSION_NOT_FOUND
                || kind == Kind.SCHEMA_NOT_FOUND
                || kind == Kind.NOT_FOUND;
    }
}
