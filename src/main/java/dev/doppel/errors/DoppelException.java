package dev.doppel.errors;

/**
 * The unchecked root of every exception doppel throws on purpose, so a caller can catch doppel's
 * failures in one place and tell them apart from bugs in libraries underneath.
 */
public class DoppelException extends RuntimeException {

  public DoppelException(String message) {
    super(message);
  }

  public DoppelException(String message, Throwable cause) {
    super(message, cause);
  }
}
