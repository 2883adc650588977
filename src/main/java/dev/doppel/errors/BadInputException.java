package dev.doppel.errors;

/** Input the user gave cannot be used: a missing or unreadable file, a malformed option value. */
public class BadInputException extends DoppelException {

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
