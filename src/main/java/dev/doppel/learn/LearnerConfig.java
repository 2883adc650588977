package dev.doppel.learn;

import dev.doppel.errors.BadInputException;
import dev.doppel.model.Windowing;
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
 * @param advance     how far hopping windows move; equal to {@code window} for tumbling windows, and
 *                    must divide it. The first stage learns panes one advance long; a window is the
 *                    merge of its {@code window / advance} newest panes
 * @param horizon     how many of the newest windows the model's field marginals combine, with
 *                    exponential decay; 0 for everything learned, equally
 * @param timeField   the field that carries the event time, or null to find it from the data
 */
public record LearnerConfig(String sourceTopic, String modelTopic, Duration window, Duration grace, Duration idleClose,
                            String deadLetterTopic, Duration advance, int horizon, String timeField) {

    /** A learner without a dead-letter topic. */
    public LearnerConfig(String sourceTopic, String modelTopic, Duration window, Duration grace, Duration idleClose) {
        this(sourceTopic, modelTopic, window, grace, idleClose, null);
    }

    /** A learner of tumbling windows, all combined, finding the event-time field itself. */
    public LearnerConfig(String sourceTopic, String modelTopic, Duration window, Duration grace, Duration idleClose,
                         String deadLetterTopic) {
        this(sourceTopic, modelTopic, window, grace, idleClose, deadLetterTopic, window, 0, null);
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
        if (advance == null) {
            advance = window;
        }
        if (advance.isNegative() || advance.isZero() || advance.compareTo(window) > 0 || window.toMillis() % advance.toMillis() != 0) {
            throw new BadInputException("--advance must be positive and divide --window " + window + ", got " + advance);
        }
        if (horizon < 0) {
            throw new BadInputException("--horizon must not be negative, got " + horizon);
        }
    }

    /** What the model records of this learner's windows. */
    public Windowing windowing() {
        return new Windowing(window.toMillis(), advance.toMillis(), horizon, timeField);
    }

    /** The model topic doppel uses for {@code source} unless told otherwise. */
    public static String defaultModelTopic(String source) {
        return source + ".doppel-model";
    }
}
