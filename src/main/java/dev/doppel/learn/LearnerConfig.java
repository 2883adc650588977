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
 * @param keyField    the field whose value names an event's entity; null for the record key
 * @param stateField  the field whose values are an entity's states; null to infer one (see
 *                    dev.doppel.model.SequenceModelBuilder). Entity sequences are learned only when
 *                    a key field or a state field is given (see {@link #learnsSequences()})
 * @param entityGap   event time without an event of its key after which an entity has ended
 */
public record LearnerConfig(String sourceTopic, String modelTopic, Duration window, Duration grace, Duration idleClose,
                            String deadLetterTopic, String keyField, String stateField, Duration entityGap) {

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

    /** A learner keyed by the record key, inferring the state field, with the default entity gap. */
    public LearnerConfig(String sourceTopic, String modelTopic, Duration window, Duration grace, Duration idleClose,
                         String deadLetterTopic) {
        this(sourceTopic, modelTopic, window, grace, idleClose, deadLetterTopic, null, null, DEFAULT_ENTITY_GAP);
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
