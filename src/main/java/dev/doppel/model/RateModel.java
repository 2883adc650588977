package dev.doppel.model;

/**
 * How the source's events arrive: which field carries the event time, the windows the model was
 * learned in, and the distribution of gaps between consecutive events. Immutable.
 *
 * @param timeField  the field whose value is the record timestamp (within 1 s) in at least
 *                   {@link ModelBuilder#TIME_FIELD_SHARE} of events, or the one named with
 *                   {@code learn --time-field}; null if none. The generator writes the synthetic event
 *                   time there instead of drawing it.
 * @param windowMs   the learner's (hopping) window size
 * @param advanceMs  how far consecutive windows are apart; equal to {@code windowMs} for tumbling
 *                   windows. The timeline has one entry per advance.
 * @param horizon    how many of the newest windows the field marginals combine, with exponential
 *                   decay ({@link HorizonWeights}); 0 when they combine everything learned, equally
 * @param gaps       the inter-arrival gaps (ms) between consecutive events of one source partition,
 *                   or null with fewer than two events per partition
 * @param meanGapMs  the mean gap, ms (0 without gaps)
 * @param burstiness Goh and Barabási's {@code B = (σ - μ) / (σ + μ)} of the gaps: -1 for a
 *                   metronome, 0 for a Poisson process, towards 1 for bursts and silences
 */
public record RateModel(String timeField, long windowMs, long advanceMs, int horizon, NumericMarginal gaps,
                        double meanGapMs, double burstiness) {

    public RateModel {
        if (windowMs <= 0 || advanceMs <= 0 || advanceMs > windowMs) {
            throw new IllegalArgumentException("need 0 < advance <= window, got window " + windowMs + " ms, advance " + advanceMs + " ms");
        }
        if (horizon < 0) {
            throw new IllegalArgumentException("the horizon must not be negative, got " + horizon);
        }
        if (burstiness < -1 || burstiness > 1) {
            throw new IllegalArgumentException("burstiness must lie in [-1, 1], got " + burstiness);
        }
    }

    /** What a model without rate statistics (an older snapshot) is taken to have: tumbling windows, no event-time field. */
    public static RateModel unknown(long windowMs) {
        return new RateModel(null, windowMs, windowMs, 0, null, 0, 0);
    }
}
