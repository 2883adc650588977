package dev.doppel.evaluate;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * How the event rate of the synthetic data compares with the real one, from each event's time:
 * the count ratio, the events-per-hour-of-day profile, and the distribution of inter-arrival times.
 *
 * @param countRatio synthetic events / real events (1 is the same count)
 * @param hourOfDaySimilarity 1 - TVD of the shares of events per hour of day (UTC, as times without a zone are read)
 * @param interArrivalKsComplement KSComplement of the gaps between consecutive events, all events in time order
 * @param score the mean of min(ratio, 1/ratio) and the two similarities, in [0, 1]
 */
public record RateComparison(double countRatio, double hourOfDaySimilarity, double interArrivalKsComplement, double score) {

    /** Compares the event times (epoch ms, NaN for an event without one) of both sides. */
    public static RateComparison of(double[] realTimes, double[] syntheticTimes) {
        double[] real = QualityMetrics.sortedPresent(realTimes);
        double[] synthetic = QualityMetrics.sortedPresent(syntheticTimes);
        double ratio = real.length == 0 ? 0 : (double) synthetic.length / real.length;
        double hours = 1 - Distances.totalVariation(hourOfDay(real), hourOfDay(synthetic));
        double gaps = QualityMetrics.ksComplement(gaps(real), gaps(synthetic));
        double countScore = ratio == 0 ? 0 : Math.min(ratio, 1 / ratio);
        return new RateComparison(ratio, hours, gaps, (countScore + hours + gaps) / 3);
    }

    static Map<String, Long> hourOfDay(double[] times) {
        Map<String, Long> counts = new HashMap<>();
        for (double time : times) {
            int hour = Instant.ofEpochMilli((long) time).atOffset(ZoneOffset.UTC).getHour();
            counts.merge(Integer.toString(hour), 1L, Long::sum);
        }
        return counts;
    }

    /** Events per hour of day 0..23, for plots. */
    public static long[] hourProfile(double[] times) {
        long[] profile = new long[24];
        for (double time : times) {
            if (!Double.isNaN(time)) {
                profile[Instant.ofEpochMilli((long) time).atOffset(ZoneOffset.UTC).getHour()]++;
            }
        }
        return profile;
    }

    /** The gaps between consecutive values of an ascending array. */
    static double[] gaps(double[] sorted) {
        if (sorted.length < 2) {
            return new double[0];
        }
        double[] gaps = new double[sorted.length - 1];
        for (int i = 1; i < sorted.length; i++) {
            gaps[i - 1] = sorted[i] - sorted[i - 1];
        }
        return gaps;
    }

    /** Events per bucket of {@code buckets} equal spans between {@code from} and {@code to}, for plots. */
    public static long[] timeline(double[] times, double from, double to, int buckets) {
        long[] counts = new long[buckets];
        double width = Math.max(1, (to - from) / buckets);
        for (double time : times) {
            if (!Double.isNaN(time) && time >= from && time <= to) {
                counts[(int) Math.min(buckets - 1, Math.floor((time - from) / width))]++;
            }
        }
        return counts;
    }
}
