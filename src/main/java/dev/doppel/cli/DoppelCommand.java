package dev.doppel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code doppel} command: a group of one subcommand per verb. */
@Command(
        name = "doppel",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Learns how a Kafka topic behaves and writes a statistically matching synthetic twin to a mirror topic.",
        subcommands = {
            DemoCommand.class,
            PublishCommand.class,
            LearnCommand.class,
            GenerateCommand.class,
            ModelCommand.class,
            ProfileCommand.class,
            EvaluateCommand.class,
            CommandLine.HelpCommand.class
        })
public final class DoppelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The command line with doppel's error handling, for {@code main} and for tests. */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new DoppelCommand());
        ErrorHandler errors = new ErrorHandler();
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setParameterExceptionHandler(errors);
        commandLine.registerConverter(java.time.Duration.class, new DurationConverter());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }
}
