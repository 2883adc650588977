/**
 * Errors: {@link dev.doppel.errors.DoppelException} is the unchecked root, with a few subclasses the
 * command line maps to clear one-line messages and exit codes.
 */
package dev.doppel.errors;
