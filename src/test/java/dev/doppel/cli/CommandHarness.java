package dev.doppel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs doppel's command line in this JVM with stdout and stderr captured. */
final class CommandHarness {

    record Result(int exitCode, String out, String err) {
        /** Fails with both outputs in the message unless the command exited 0. */
        Result ensureOk() {
            assertThat(exitCode).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isZero();
            return this;
        }
    }

    private CommandHarness() {
    }

    static Result run(String... args) {
        CommandLine commandLine = DoppelCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
