package dev.doppel.generate;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Live counters of one generator. Thread-safe. */
public final class GenerateProgress {

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final AtomicLong modelSwaps = new AtomicLong();

    void countSent() {
        sent.incrementAndGet();
    }

    void countAcknowledged() {
        acknowledged.incrementAndGet();
    }

    void countFailed(Exception error) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, error);
    }

    /** Events handed to the producer. */
    public long sent() {
        return sent.get();
    }

    /** Events the broker has acknowledged. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Events the producer gave up on. */
    public long failed() {
        return failed.get();
    }

    /** The first send failure, or null. */
    public Exception firstFailure() {
        return firstFailure.get();
    }

    void countModelSwap() {
        modelSwaps.incrementAndGet();
    }

    /** Times the generator switched to a newer model while running. */
    public long modelSwaps() {
        return modelSwaps.get();
    }
}
