package dev.doppel.codec.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently to repeat a request that failed in a way that may pass: no
 * connection, a timeout, HTTP 5xx or 429. The delay doubles from {@code initialBackoff} up to
 * {@code maxBackoff}; the client sleeps a random time between half of it and all of it, so many
 * clients hitting a recovering registry don't come back in lockstep.
 */
record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

    static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2));

    RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff + " and " + maxBackoff);
        }
    }

    /** The longest wait before retry number {@code retry} (1 for the first retry). */
    Duration backoffBeforeRetry(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, got " + retry);
        }
        // Compare before shifting so a long initial backoff can't overflow; past 2^30 the cap is reached anyway.
        int doublings = Math.min(retry - 1, 30);
        long initialMillis = initialBackoff.toMillis();
        long maxMillis = maxBackoff.toMillis();
        return initialMillis > (maxMillis >> doublings) ? maxBackoff : Duration.ofMillis(initialMillis << doublings);
    }
}
