package dev.doppel.cli;

/** The exit codes of every doppel command. */
final class ExitCodes {

    static final int OK = 0;
    /** The command could not do its work: bad input, Kafka unreachable, a topic missing. */
    static final int FAILED = 1;
    /** The command line itself was wrong. */
    static final int USAGE = 2;
    /** A bug: something failed that doppel did not expect. */
    static final int INTERNAL = 3;

    private ExitCodes() {
    }
}
