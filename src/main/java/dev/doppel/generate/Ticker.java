package dev.doppel.generate;

import java.util.concurrent.locks.LockSupport;

/** The generator's clock: a monotonic time to pace by and a way to wait. Tests give a fake one that never sleeps. */
public interface Ticker {

    /** The system's monotonic clock, waiting with {@link LockSupport#parkNanos}. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) {
            LockSupport.parkNanos(nanos);
        }
    };

    long nanoTime();

    /** Waits about {@code nanos}; may return early (the caller checks the time again). */
    void sleepNanos(long nanos);
}
