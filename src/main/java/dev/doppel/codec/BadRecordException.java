package dev.doppel.codec;

import dev.doppel.errors.DoppelException;

/**
 * A record whose bytes cannot be read as a row. Streams count and skip these, grouped by
 * {@link #reason()}, a short stable label such as {@code not-json}; they never stop on one.
 */
public class BadRecordException extends DoppelException {

    private final String reason;

    public BadRecordException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BadRecordException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** A short label to count this kind of failure under, e.g. {@code not-json}. */
    public String reason() {
        return reason;
    }
}
