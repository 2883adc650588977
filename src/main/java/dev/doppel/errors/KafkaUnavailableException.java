package dev.doppel.errors;

/** The Kafka cluster could not be reached, or a topic doppel needs does not exist there. */
public class KafkaUnavailableException extends DoppelException {

    public KafkaUnavailableException(String message) {
        super(message);
    }

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
