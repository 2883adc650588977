package dev.doppel.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The classifier two-sample test (C2ST; Lopez-Paz and Oquab, 2017), as SDMetrics' LogisticDetection
 * runs it: a logistic regression learns to tell real rows (label 0) from synthetic ones (label 1),
 * and its cross-validated ROC AUC says how well it can. 0.5 means it cannot tell them apart, 1 that
 * it always can. SDMetrics' detection score is 1 - (2 max(AUC, 0.5) - 1).
 *
 * <p>Features: numbers and times standardized with the real side's mean and standard deviation
 * (a missing value is 0 with a missing-indicator feature), text and booleans one-hot over the real
 * side's {@link #TOP_CATEGORIES} most frequent values. The regression is fitted by Newton's method
 * (iteratively reweighted least squares) with an L2 penalty {@link #RIDGE} on the weights, which
 * keeps it finite when the two sides are separable. Folds are chosen by row content, so identical
 * rows fall in the same fold and a table compared with itself scores exactly 0.5.
 */
public final class ClassifierTwoSample {

    static final int FOLDS = 5;
    static final int TOP_CATEGORIES = 10;
    static final double RIDGE = 1.0;
    private static final int MAX_ITERATIONS = 25;
    private static final double CLIP = 20;

    private ClassifierTwoSample() {
    }

    /** The cross-validated AUC of telling {@code synthetic} from {@code real} on {@code fields}. */
    public static double auc(EventTable real, EventTable synthetic, List<String> fields, long seed) {
        if (real.size() < FOLDS || synthetic.size() < FOLDS || fields.isEmpty()) {
            return 0.5;
        }
        Encoder encoder = new Encoder(real, fields);
        int n = real.size() + synthetic.size();
        double[][] x = new double[n][];
        double[] y = new double[n];
        int[] fold = new int[n];
        for (int i = 0; i < real.size(); i++) {
            x[i] = encoder.encode(real, i);
            fold[i] = (int) Math.floorMod(Sampling.contentHash(real, i, seed), (long) FOLDS);
        }
        for (int i = 0; i < synthetic.size(); i++) {
            int row = real.size() + i;
            x[row] = encoder.encode(synthetic, i);
            y[row] = 1;
            fold[row] = (int) Math.floorMod(Sampling.contentHash(synthetic, i, seed), (long) FOLDS);
        }
        double[] scores = new double[n];
        for (int k = 0; k < FOLDS; k++) {
            int held = k;
            int[] train = IntStream.range(0, n).filter(i -> fold[i] != held).toArray();
            double[] weights = fit(x, y, train);
            for (int i = 0; i < n; i++) {
                if (fold[i] == held) {
                    scores[i] = dot(weights, x[i]);
                }
            }
        }
        return auc(scores, y);
    }

    /** SDMetrics' detection score from an AUC: 1 when indistinguishable, 0 when always told apart. */
    public static double detectionScore(double auc) {
        return 1 - (2 * Math.max(auc, 0.5) - 1);
    }

    /**
     * The ROC AUC of {@code scores} for labels 1 against 0: the Mann-Whitney U statistic over
     * n1 n0, ties counted as half (mid-ranks).
     */
    static double auc(double[] scores, double[] labels) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (labels[order[t]] == 1) {
                    rankSumPositive += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return 0.5;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Penalized logistic regression by Newton's method on the rows {@code train}; the last weight is the bias. */
    static double[] fit(double[][] x, double[] y, int[] train) {
        int d = x[0].length;
        double[] w = new double[d];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] gradient = new double[d];
            double[][] hessian = new double[d][d];
            for (int row : train) {
                double[] xi = x[row];
                double p = 1 / (1 + Math.exp(-dot(w, xi)));
                double residual = p - y[row];
                double weight = Math.max(p * (1 - p), 1e-12);
                for (int a = 0; a < d; a++) {
                    if (xi[a] == 0) {
                        continue;
                    }
                    gradient[a] += residual * xi[a];
                    double wa = weight * xi[a];
                    for (int b = 0; b <= a; b++) {
                        hessian[a][b] += wa * xi[b];
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < a; b++) {
                    hessian[b][a] = hessian[a][b];
                }
                boolean bias = a == d - 1;
                hessian[a][a] += bias ? 1e-9 : RIDGE;
                gradient[a] += bias ? 0 : RIDGE * w[a];
            }
            double[] step = solveCholesky(hessian, gradient);
            double largest = 0;
            for (int a = 0; a < d; a++) {
                w[a] -= step[a];
                largest = Math.max(largest, Math.abs(step[a]));
            }
            if (largest < 1e-8) {
                break;
            }
        }
        return w;
    }

    /** Solves A s = b for a symmetric positive-definite A (the penalized Hessian is one). */
    static double[] solveCholesky(double[][] a, double[] b) {
        int d = b.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    l[i][i] = Math.sqrt(Math.max(sum, 1e-12));
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * z[k];
            }
            z[i] = sum / l[i][i];
        }
        double[] s = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double sum = z[i];
            for (int k = i + 1; k < d; k++) {
                sum -= l[k][i] * s[k];
            }
            s[i] = sum / l[i][i];
        }
        return s;
    }

    private static double dot(double[] w, double[] x) {
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            sum += w[i] * x[i];
        }
        return sum;
    }

    /** Rows to feature vectors, fitted on the real side; the last feature is the constant 1. */
    private static final class Encoder {
        private final List<String> fields;
        private final List<double[]> scaling = new ArrayList<>();
        private final List<List<String>> categories = new ArrayList<>();
        private final int width;

        Encoder(EventTable real, List<String> fields) {
            this.fields = fields;
            int features = 1;
            for (String field : fields) {
                if (real.isNumeric(field)) {
                    double[] values = QualityMetrics.sortedPresent(real.numbers(field));
                    double mean = Arrays.stream(values).average().orElse(0);
                    double sd = Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).average().orElse(0));
                    scaling.add(new double[] {mean, sd > 0 ? sd : 1});
                    categories.add(null);
                    features += 2;
                } else {
                    Map<String, Long> counts = QualityMetrics.counts(real.categories(field));
                    categories.add(counts.entrySet().stream()
                            .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                            .limit(TOP_CATEGORIES).map(Map.Entry::getKey).toList());
                    scaling.add(null);
                    features += categories.get(categories.size() - 1).size();
                }
            }
            this.width = features;
        }

        double[] encode(EventTable table, int row) {
            double[] x = new double[width];
            int at = 0;
            for (int f = 0; f < fields.size(); f++) {
                String field = fields.get(f);
                if (scaling.get(f) != null) {
                    double value = table.isNumeric(field) ? table.numbers(field)[row] : Double.NaN;
                    if (Double.isNaN(value)) {
                        x[at + 1] = 1;
                    } else {
                        // Clipped, so that a value far outside the real range cannot swamp the Newton steps.
                        x[at] = Math.max(-CLIP, Math.min(CLIP, (value - scaling.get(f)[0]) / scaling.get(f)[1]));
                    }
                    at += 2;
                } else {
                    String value = table.text(field, row);
                    int index = categories.get(f).indexOf(value == null ? QualityMetrics.MISSING : value);
                    if (index >= 0) {
                        x[at + index] = 1;
                    }
                    at += categories.get(f).size();
                }
            }
            x[width - 1] = 1;
            return x;
        }
    }
}
