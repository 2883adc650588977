package dev.doppel.learn;

import dev.doppel.errors.BadInputException;
import java.time.Duration;

/**
 * What the learner reads, where it writes its models, and how it cuts time into windows.
 *
 * @param sourceTopic the topic to learn from
 * @param modelTopic  the compacted topic that receives a model snapshot each time a window closes
 * @param window      the size of the tumbling event-time windows
 * @param grace       how long after a window's end (in event time) late records are still taken in
 * @param idleClose   wall-clock time without any record after which open windows close anyway, so
 *                    the last window of a quiet topic is learned too
 * @param deadLetterTopic where records that cannot be read go, as they were, with {@code doppel.*}
 *                    headers saying why; null to count and skip them only
 */
public record LearnerConfig(String sourceTopic, String modelTopic, Duration window, Duration grace, Duration idleClose,
                            String deadLetterTopic) {

    /** A learner without a dead-letter topic. */
    public LearnerConfig(String sourceTopic, String modelTopic, Duration window, Duration grace, Duration idleClose) {
        this(sourceTopic, modelTopic, window, grace, idleClose, null);
    }

    public LearnerConfig {
        if (sourceTopic == null || sourceTopic.isBlank()) {
            throw new BadInputException("the source topic must be named");
        }
        if (modelTopic == null || modelTopic.isBlank()) {
            throw new BadInputException("the model topic must be named");
        }
        if (sourceTopic.equals(modelTopic)) {
            throw new BadInputException("the model topic must differ from the source topic " + sourceTopic);
        }
        if (window.isNegative() || window.isZero()) {
            throw new BadInputException("--window must be positive, got " + window);
        }
        if (grace.isNegative()) {
            throw new BadInputException("--grace must not be negative, got " + grace);
        }
        if (deadLetterTopic != null && (deadLetterTopic.equals(sourceTopic) || deadLetterTopic.equals(modelTopic))) {
            throw new BadInputException("the dead-letter topic must differ from the source and model topics");
        }
        if (idleClose.isNegative() || idleClose.isZero()) {
            throw new BadInputException("--idle-close must be positive, got " + idleClose);
        }
    }

    /** The model topic doppel uses for {@code source} unless told otherwise. */
    public static String defaultModelTopic(String source) {
        return source + ".doppel-model";
    }
}
