package dev.doppel.cli;

import dev.doppel.errors.DoppelException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns every failure into one line on stderr and a non-zero exit: {@link ExitCodes#USAGE} for a bad
 * command line, {@link ExitCodes#FAILED} for a {@link DoppelException} (its message is written for
 * the user), {@link ExitCodes#INTERNAL} for anything unexpected. Stack traces only with
 * {@code DOPPEL_DEBUG=1}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException error, String[] args) {
        PrintWriter err = error.getCommandLine().getErr();
        err.println("doppel: " + error.getMessage() + " (see '" + error.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
        debug(err, error);
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        DoppelException known = find(error);
        if (known != null) {
            err.println("doppel: " + oneLine(known.getMessage()));
            debug(err, error);
            return ExitCodes.FAILED;
        }
        err.println("doppel: unexpected " + error.getClass().getSimpleName() + ": " + oneLine(String.valueOf(error.getMessage()))
                + " (set DOPPEL_DEBUG=1 for details)");
        debug(err, error);
        return ExitCodes.INTERNAL;
    }

    private static DoppelException find(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof DoppelException known) {
                return known;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static void debug(PrintWriter err, Throwable error) {
        if ("1".equals(System.getenv("DOPPEL_DEBUG"))) {
            error.printStackTrace(err);
        }
    }
}
