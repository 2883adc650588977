package dev.doppel.generate;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces events at a fixed rate: event {@code i} is due {@code i / rate} seconds after the start.
 * Falling behind (a slow broker, a GC pause) is caught up by going faster, never by skipping events,
 * so the count over any long span matches the rate. A rate of {@link #MAX} never waits.
 */
public final class Pacer {

    /** The rate that means "as fast as the producer takes them". */
    public static final double MAX = Double.POSITIVE_INFINITY;

    private final double nanosPerEvent;
    private final long start;
    private long due;

    public Pacer(double eventsPerSecond, long startNanos) {
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + eventsPerSecond);
        }
        this.nanosPerEvent = Double.isInfinite(eventsPerSecond) ? 0 : 1e9 / eventsPerSecond;
        this.start = startNanos;
    }

    /** Waits until the next event is due; returns false if interrupted while waiting. */
    public boolean awaitNext() {
        if (nanosPerEvent == 0) {
            return !Thread.currentThread().isInterrupted();
        }
        long target = start + (long) (due++ * nanosPerEvent);
        long wait;
        while ((wait = target - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }
}
