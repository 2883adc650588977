package dev.doppel.generate;

import dev.doppel.errors.BadInputException;
import java.time.Duration;

/**
 * What the generator writes and when it stops.
 *
 * @param mirrorTopic     the topic that receives the synthetic events
 * @param eventsPerSecond the rate, or {@link Pacer#MAX}
 * @param maxEvents       stop after this many events; 0 for no limit
 * @param duration        stop after this long; null for no limit
 * @param seed            the random seed: the same model and seed give the same events
 */
public record GeneratorConfig(String mirrorTopic, double eventsPerSecond, long maxEvents, Duration duration, long seed) {

    public GeneratorConfig {
        if (mirrorTopic == null || mirrorTopic.isBlank()) {
            throw new BadInputException("the mirror topic must be named");
        }
        if (!(eventsPerSecond > 0)) {
            throw new BadInputException("--rate must be a positive number of events per second, or max");
        }
        if (maxEvents < 0) {
            throw new BadInputException("--events must not be negative, got " + maxEvents);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new BadInputException("--duration must be positive, got " + duration);
        }
    }
}
