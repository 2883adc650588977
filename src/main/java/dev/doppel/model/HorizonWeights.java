package dev.doppel.model;

/**
 * The weights a model over a horizon of {@code N} windows gives them: the {@code i}-th newest
 * window ({@code i = 0 .. N-1}) weighs {@code w_i = 2^(-3i/N)}, so the newest counts fully, each
 * older one a little less, and the oldest in the horizon about 1/8 as much; windows beyond the
 * horizon count 0. Each event is weighted by its window, so a busy window counts more than a quiet
 * one of the same age.
 *
 * <p>Hopping windows are merges of {@code m = window / advance} consecutive panes (the first stage's
 * windows, one advance long), and window {@code i} is panes {@code i .. i+m-1} (pane 0 the newest),
 * so pane {@code j} weighs the sum of the {@code w_i} of the windows that hold it. Tumbling windows
 * are one pane each ({@code m = 1}).
 */
public final class HorizonWeights {

    private HorizonWeights() {
    }

    /** The weight of the {@code i}-th newest window of a horizon of {@code horizon} windows. */
    public static double window(int i, int horizon) {
        if (horizon <= 0 || i < 0) {
            throw new IllegalArgumentException("need horizon > 0 and i >= 0, got horizon " + horizon + ", i " + i);
        }
        return i >= horizon ? 0 : Math.pow(2, -3.0 * i / horizon);
    }

    /** Panes a horizon of {@code horizon} windows of {@code panesPerWindow} panes covers. */
    public static int panes(int horizon, int panesPerWindow) {
        return horizon + panesPerWindow - 1;
    }

    /** The weight of the {@code j}-th newest pane: the sum of the weights of the windows holding it. */
    public static double pane(int j, int horizon, int panesPerWindow) {
        double weight = 0;
        for (int i = Math.max(0, j - panesPerWindow + 1); i <= Math.min(j, horizon - 1); i++) {
            weight += window(i, horizon);
        }
        return weight;
    }

    /** The weights of {@code count} panes, oldest first, the newest being pane 0 of the windowing's horizon. */
    public static java.util.List<Double> panes(int count, Windowing windowing) {
        java.util.List<Double> weights = new java.util.ArrayList<>();
        for (int j = 0; j < count; j++) {
            weights.add(pane(count - 1 - j, windowing.horizon(), windowing.panesPerWindow()));
        }
        return weights;
    }
}
