package dev.doppel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code doppel model}: commands about model snapshots. */
@Command(name = "model", mixinStandardHelpOptions = true,
        header = "Shows model snapshots.",
        subcommands = {ModelShowCommand.class})
final class ModelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
