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
 * @param follow          follow the model's rate timeline ({@link FollowPacer}) instead of a fixed rate
 * @param speed           with {@code follow}: how many times faster than real time to replay, or {@link Pacer#MAX}
 */
public record GeneratorConfig(String mirrorTopic, double eventsPerSecond, long maxEvents, Duration duration, long seed,
                              boolean follow, double speed) {

    /** A generator at a fixed rate. */
    public GeneratorConfig(String mirrorTopic, double eventsPerSecond, long maxEvents, Duration duration, long seed) {
        this(mirrorTopic, eventsPerSecond, maxEvents, duration, seed, false, 1);
    }

    /** A generator that follows the model's rate timeline at {@code speed} times real time. */
    public static GeneratorConfig following(String mirrorTopic, double speed, long maxEvents, Duration duration, long seed) {
        return new GeneratorConfig(mirrorTopic, Pacer.MAX, maxEvents, duration, seed, true, speed);
    }

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
        if (!(speed > 0)) {
            throw new BadInputException("--speed must be a positive number, or max");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new BadInputException("--duration must be positive, got " + duration);
        }
    }
}
