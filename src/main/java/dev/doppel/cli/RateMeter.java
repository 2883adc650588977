package dev.doppel.cli;

import java.util.Locale;

/** The rate of a growing count between successive readings, for progress lines. */
final class RateMeter {

    private long lastCount;
    private long lastNanos = System.nanoTime();

    /** Events per second since the previous call. */
    synchronized double perSecond(long count) {
        long now = System.nanoTime();
        double rate = (count - lastCount) * 1e9 / Math.max(1, now - lastNanos);
        lastCount = count;
        lastNanos = now;
        return rate;
    }

    static String format(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    static String formatRate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }
}
