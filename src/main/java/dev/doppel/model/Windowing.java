package dev.doppel.model;

/**
 * How the learner cut time, for the model to record: window size and advance, the horizon of
 * windows the marginals combine, and the event-time field if the user named one.
 *
 * @param windowMs  window size, ms
 * @param advanceMs how far windows hop, ms; {@code windowMs} for tumbling windows
 * @param horizon   newest windows combined with decay; 0 for everything, equally
 * @param timeField the event-time field named by the user, or null to infer it
 */
public record Windowing(long windowMs, long advanceMs, int horizon, String timeField) {

    public Windowing {
        if (windowMs <= 0 || advanceMs <= 0 || advanceMs > windowMs) {
            throw new IllegalArgumentException("need 0 < advance <= window, got window " + windowMs + " ms, advance " + advanceMs + " ms");
        }
        if (horizon < 0) {
            throw new IllegalArgumentException("the horizon must not be negative, got " + horizon);
        }
    }

    /** Tumbling windows of {@code windowMs}, everything combined, the event-time field inferred. */
    public static Windowing tumbling(long windowMs) {
        return new Windowing(windowMs, windowMs, 0, null);
    }

    /** Panes (the first stage's tumbling windows, one advance long) per window. */
    public int panesPerWindow() {
        return (int) Math.max(1, windowMs / advanceMs);
    }
}
