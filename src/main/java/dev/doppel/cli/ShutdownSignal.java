package dev.doppel.cli;

/**
 * Ctrl-C (SIGINT, SIGTERM) for long-running commands: the JVM runs shutdown hooks, and the hook asks
 * the command to stop. The command then finishes its in-flight work (flushes the producer, closes
 * the learner) before the JVM exits, because the hook waits for the command's thread.
 */
final class ShutdownSignal {

    private ShutdownSignal() {
    }

    /** Registers {@code stop} to run on Ctrl-C, then waits for the calling thread to finish. */
    static Thread onInterrupt(Runnable stop) {
        Thread worker = Thread.currentThread();
        Thread hook = new Thread(() -> {
            stop.run();
            try {
                worker.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "doppel-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Unregisters a hook once the work is done; harmless during shutdown. */
    static void remove(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and running the hook.
        }
    }
}
