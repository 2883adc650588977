package dev.doppel.learn;

import dev.doppel.errors.BadInputException;
import dev.doppel.model.Windowing;
import java.time.Duration;

/**
 * What the learner reads, where it writes its models, and how it cuts time into windows.
 *
 * @param sourceTopic the topic to learn from
 * @param modelTopic  the compacted topic that receives a model snapshot each time a window closes
 * @param window      the size of the event-time windows
 * @param grace       how long after a window's end (in event time) late records are still taken in
 * @param idleClose   wall-clock time without any record after which open windows close anyway, so
 *                    the last window of a quiet topic is learned too
 * @param deadLetterTopic where records that cannot be read go, as they were, with {@code doppel.*}
 *                    headers saying why; null to count and skip them only
 * @param keyField    the field whose value names an event's entity; null for the record key
 * @param stateField  the field whose values are an entity's states; null to infer one (see
 *                    dev.doppel.model.SequenceModelBuilder). Entity sequences are learned only when
 *                    a key field or a state field is given (see {@link #learnsSequences()})
 * @param entityGap   event time without an event of its key after which an entity has ended
 * @param advance     how far hopping windows move; equal to {@code window} for tumbling windows, and
 *                    must divide it. The first stage learns panes one advance long; a window is the
 *                    merge of its {@code window / advance} newest panes
 * @param horizon     how many of the newest windows the model's field marginals combine, with
 *                    exponential decay; 0 for everything learned, equally
 * @param timeField   the field that carries the event time, or null to find it from the data
 */
public record LearnerConfig(String sourceTopic, String modelTopic, Duration window, Duration grace, Duration idleClose,
                            String deadLetterTopic, String keyField, String stateField, Duration entityGap,
                            Duration advance, int horizon, String timeField) {

    /**
     * The default entity gap: a day of event time. Long enough for entities observed hourly or
     * six-hourly (sensors, storms, flights of one aircraft), while a learner still forgets an ended
     * entity within a day; web sessions want 30m.
     */
    public static final Duration DEFAULT_ENTITY_GAP = Duration.ofDays(1);

    /** A learner without a dead-letter topic. */
    public LearnerConfig(String sourceTopic, String modelTopic, Duration window, Duration grace, Duration idleClose) {
        this(sourceTopic, modelTopic, window, grace, idleClose, null);
    }

    /**
     * A learner of tumbling windows, all combined, finding the event-time field itself, without entity
     * sequences; {@link #withSequences} and {@link #withWindowing} change that.
     */
    public LearnerConfig(String sourceTopic, String modelTopic, Duration window, Duration grace, Duration idleClose,
                         String deadLetterTopic) {
        this(sourceTopic, modelTopic, window, grace, idleClose, deadLetterTopic, null, null, DEFAULT_ENTITY_GAP, window, 0, null);
    }

    /** This configuration learning entity sequences keyed by {@code keyField} over {@code stateField} (see the parameters). */
    public LearnerConfig withSequences(String newKeyField, String newStateField, Duration newEntityGap) {
        return new LearnerConfig(sourceTopic, modelTopic, window, grace, idleClose, deadLetterTopic, newKeyField, newStateField,
                newEntityGap, advance, horizon, timeField);
    }

    /** This configuration with hopping windows, a horizon and an event-time field (see the parameters). */
    public LearnerConfig withWindowing(Duration newAdvance, int newHorizon, String newTimeField) {
        return new LearnerConfig(sourceTopic, modelTopic, window, grace, idleClose, deadLetterTopic, keyField, stateField,
                entityGap, newAdvance, newHorizon, newTimeField);
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
        if (entityGap == null) {
            entityGap = DEFAULT_ENTITY_GAP;
        }
        if (entityGap.isNegative() || entityGap.isZero()) {
            throw new BadInputException("--entity-gap must be positive, got " + entityGap);
        }
        if (keyField != null && keyField.equals(stateField)) {
            throw new BadInputException("--key-field and --state-field must differ, both are " + keyField);
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

    /**
     * True if the learner follows entities: when asked for with a key field (the state field is then
     * inferred unless given) or a state field (keyed by the record key unless a key field is given).
     * Not by default: a record key alone does not say that events of one key form a life, and an
     * entity-structured mirror is no longer a sample of independent events.
     */
    public boolean learnsSequences() {
        return keyField != null || stateField != null;
    }

    /** The model topic doppel uses for {@code source} unless told otherwise. */
    public static String defaultModelTopic(String source) {
        return source + ".doppel-model";
    }
}
