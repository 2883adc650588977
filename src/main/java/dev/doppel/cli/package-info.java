/**
 * The command line: {@link dev.doppel.cli.DoppelCommand} and one class per verb
 * ({@code <Verb>Command}), with one error handler that turns failures into one clear line and a
 * non-zero exit.
 */
package dev.doppel.cli;
