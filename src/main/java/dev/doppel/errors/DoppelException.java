package dev.doppel.errors;

/**
 * The unchecked root of every error doppel raises on purpose. Its message is written for the user:
 * one line that says what went wrong and, where there is one, what to do about it. The command line
 * prints that line and exits non-zero; it never prints the stack trace of a {@code DoppelException}.
 */
public class DoppelException extends RuntimeException {

    public DoppelException(String message) {
        super(message);
    }

    public DoppelException(String message, Throwable cause) {
        super(message, cause);
    }
}
