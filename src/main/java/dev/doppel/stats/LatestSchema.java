package dev.doppel.stats;

/**
 * The schema of the latest record seen (by record timestamp), so that what is learned follows a
 * source whose schema evolves. Mergeable: the later of two wins. Not thread-safe.
 */
final class LatestSchema {

    private String text;
    private long timestamp = Long.MIN_VALUE;

    /** Keeps {@code schemaText} if it is not older than the one kept; null is ignored. */
    void observe(String schemaText, long recordTimestamp) {
        if (schemaText != null && recordTimestamp >= timestamp) {
            text = schemaText;
            timestamp = recordTimestamp;
        }
    }

    String text() {
        return text;
    }

    long timestamp() {
        return timestamp;
    }
}
