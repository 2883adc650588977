package dev.doppel.model;

import dev.doppel.codec.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.HashMap;
import java.util.Map;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * Fits a {@link GaussianCopula} to sampled rows: each value goes to its interval of [0, 1)
 * ({@link FieldScale}; nulls have an interval of their own, so that null rates correlate too), then to
 * the normal score {@code Phi^-1(u)} of the interval's middle; the copula's matrix is the correlation of the scores, repaired to positive
 * definite ({@link NearestCorrelation}). Fields with a
 * synthesized role (identifiers, entity keys, text), and fields with a single value, stay out.
 */
public final class CopulaFitter {

    /** Fewer sampled rows than this fit no copula. */
    public static final int MIN_ROWS = 30;

    /** Keeps u off 0 and 1, where the normal score is infinite. */
    private static final double EDGE = 1e-9;
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);
    private static final Object NULL = new Object();
    private static final int MAX_REMEMBERED_SCORES = 100_000;

    private CopulaFitter() {
    }

    /**
     * True for a field the joint model takes in: not always null, and not one whose values are made up
     * ({@link dev.doppel.profile.FieldRole#synthesized() identifiers, entity keys, free text}), which
     * carry no marginal and whose real values must not reach the model's tables, and not the lengths
     * and elements of arrays and maps ({@link dev.doppel.codec.CollectionPaths}), which are drawn on
     * their own.
     */
    public static boolean joins(FieldModel field) {
        return !field.alwaysNull() && !field.role().synthesized() && !dev.doppel.codec.CollectionPaths.isDerived(field.name());
    }

    /** The copula of {@code fields} over {@code rows}, or null if fewer than two fields vary or there are too few rows. */
    public static GaussianCopula fit(List<FieldModel> fields, List<Row> rows) {
        if (rows.size() < MIN_ROWS) {
            return null;
        }
        List<String> names = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        for (FieldModel field : fields) {
            if (!joins(field)) {
                continue;
            }
            double[] scores = normalScores(new FieldScale(field), rows);
            if (standardise(scores)) {
                names.add(field.name());
                columns.add(scores);
            }
        }
        int d = names.size();
        if (d < 2) {
            return null;
        }
        double[][] correlation = new double[d][d];
        int n = rows.size();
        for (int i = 0; i < d; i++) {
            correlation[i][i] = 1.0;
            for (int j = 0; j < i; j++) {
                double sum = 0;
                double[] a = columns.get(i);
                double[] b = columns.get(j);
                for (int r = 0; r < n; r++) {
                    sum += a[r] * b[r];
                }
                double r = Math.max(-1, Math.min(1, sum / n));
                correlation[i][j] = r;
                correlation[j][i] = r;
            }
        }
        matchPearsonCorrelations(fields, names, rows, correlation, (i, scale) -> z -> scale.numberAt(uniform(z)));
        return new GaussianCopula(names, NearestCorrelation.repair(correlation), n);
    }

    /**
     * Sampled rows a state needs for a copula of its own. The standard error of a correlation is about
     * {@code (1 - r^2) / sqrt(n)}: 200 rows keep it under 0.071. States with fewer rows use the global copula.
     */
    public static final int MIN_STATE_ROWS = 200;

    /**
     * A copula per value of {@code stateField} with at least {@link #MIN_STATE_ROWS} of {@code rows},
     * over the joining {@code fields} other than the state field, in the state's order of first
     * appearance: each field's distribution in the state (as quantiles of its normal scores under the
     * global marginal) and the correlation of the fields' within-state rank scores.
     */
    public static List<StateCopula> fitStates(List<FieldModel> fields, List<Row> rows, String stateField) {
        Map<String, List<Row>> byState = new java.util.LinkedHashMap<>();
        for (Row row : rows) {
            Object state = row.get(stateField);
            if (state != null) {
                byState.computeIfAbsent(state.toString(), s -> new ArrayList<>()).add(row);
            }
        }
        List<FieldModel> joining = new ArrayList<>();
        for (FieldModel field : fields) {
            if (joins(field) && !field.name().equals(stateField)) {
                joining.add(field);
            }
        }
        List<StateCopula> copulas = new ArrayList<>();
        if (joining.size() < 2) {
            return copulas;
        }
        for (Map.Entry<String, List<Row>> state : byState.entrySet()) {
            List<Row> stateRows = state.getValue();
            if (stateRows.size() >= MIN_STATE_ROWS) {
                copulas.add(fitState(joining, stateRows, stateField, state.getKey()));
            }
        }
        return copulas;
    }

    private static StateCopula fitState(List<FieldModel> fields, List<Row> rows, String stateField, String state) {
        int d = fields.size();
        // Scores drawn within each value's interval (not at its middle), so that a discrete field's
        // scores are continuous and their quantiles and ranks carry its shares; seeded by the state.
        java.util.Random jitter = new java.util.Random(state.hashCode());
        List<String> names = new ArrayList<>();
        double[][] quantiles = new double[d][];
        double[][] order = new double[d][];
        for (int i = 0; i < d; i++) {
            FieldModel field = fields.get(i);
            names.add(field.name());
            FieldScale scale = new FieldScale(field);
            quantiles[i] = quantiles(jitteredScores(scale, rows, jitter));
            order[i] = normalScores(scale, rows);
        }
        double[][] correlation = latentCorrelation(quantiles, order, state.hashCode(), RankLikelihood.SWEEPS_STATES);
        // As in the global copula, number pairs keep their Pearson correlation in the state: the
        // value of a score goes through the state's quantiles, then the global marginal.
        matchPearsonCorrelations(fields, names, rows, correlation,
                (i, scale) -> z -> scale.numberAt(uniform(ScoreQuantiles.at(quantiles[i], uniform(z)))));
        return new StateCopula(stateField, state, names, quantiles, NearestCorrelation.repair(correlation), rows.size());
    }

    /** Sampled entities the {@link EntityCopula} needs; with fewer, attributes are drawn per entity from the event sampler. */
    public static final int MIN_ENTITIES = 100;

    /**
     * The copula of ended entities' {@code attributes}, start state ({@code stateField}), number of
     * events (under the chain's {@code eventsPerEntity}) and start hour, from the learner's sample of
     * ended entities ({@code entities}: each
     * entity's first values as text, {@link dev.doppel.stats.SequenceStats#EVENTS} and
     * {@link dev.doppel.stats.SequenceStats#START}); null with fewer than {@link #MIN_ENTITIES} of them.
     * Attributes outside the joint model ({@link #joins}) are left out: they are made up.
     * {@code correlation}, if not null, is an earlier fit's of the same columns, kept: the quantiles,
     * which carry the columns' distributions over entities, are always those of {@code entities}, but
     * the latent correlation is the costly part, and moves slowly.
     */
    public static EntityCopula fitEntities(List<FieldModel> attributes, FieldModel stateField, NumericMarginal eventsPerEntity,
                                           List<Row> entities, double[][] correlation) {
        int n = entities.size();
        if (n < MIN_ENTITIES) {
            return null;
        }
        List<FieldModel> columns = new ArrayList<>();
        for (FieldModel attribute : attributes) {
            if (joins(attribute)) {
                columns.add(attribute);
            }
        }
        if (columns.isEmpty() || stateField == null || eventsPerEntity == null) {
            return null;
        }
        columns.add(stateField);
        List<Row> typed = new ArrayList<>(n);
        for (Row entity : entities) {
            Map<String, Object> values = new java.util.LinkedHashMap<>();
            for (FieldModel column : columns) {
                values.put(column.name(), typedValue(column, entity.get(column.name())));
            }
            typed.add(Row.of(values));
        }
        int d = columns.size() + 2;
        java.util.Random jitter = new java.util.Random(n);
        List<String> names = new ArrayList<>();
        double[][] quantiles = new double[d][];
        double[][] order = new double[d][];
        for (int i = 0; i < columns.size(); i++) {
            FieldScale scale = new FieldScale(columns.get(i));
            names.add(columns.get(i).name());
            quantiles[i] = quantiles(jitteredScores(scale, typed, jitter), EntityCopula.QUANTILES);
            order[i] = normalScores(scale, typed);
        }
        double[] events = new double[n];
        double[] startHours = new double[n];
        for (int r = 0; r < n; r++) {
            events[r] = ((Number) entities.get(r).get(dev.doppel.stats.SequenceStats.EVENTS)).doubleValue();
            startHours[r] = EntityCopula.hourOfDay(((Number) entities.get(r).get(dev.doppel.stats.SequenceStats.START)).longValue());
        }
        double[] eventScores = new double[n];
        for (int r = 0; r < n; r++) {
            double[] step = eventsPerEntity.step(events[r]);
            eventScores[r] = normalScore(step[0] + (step[1] - step[0]) * jitter.nextDouble());
        }
        names.add(EntityCopula.EVENTS);
        quantiles[d - 2] = quantiles(eventScores, EntityCopula.QUANTILES);
        order[d - 2] = events;
        names.add(EntityCopula.START_HOUR);
        quantiles[d - 1] = quantiles(startHours, EntityCopula.QUANTILES);
        order[d - 1] = startHours;
        return new EntityCopula(names, quantiles, correlation != null && correlation.length == d ? correlation
                : latentCorrelation(quantiles, order, n, RankLikelihood.SWEEPS_ENTITIES), n);
    }

    /**
     * The latent correlation of columns whose rows are ordered by {@code order} (columns x rows), by
     * the rank likelihood ({@link RankLikelihood}) from the rank-score correlation, repaired to the
     * nearest positive-definite one. Not the rank-score correlation itself: attributes are mostly
     * categories, lengths counts and winds multiples of 5 kt, and their ties shrink it (measured: an
     * attribute that decides the start hour came out at 0.76 and a third of its draws went wrong;
     * hurricanes' wind~pressure at -0.83 against a real -0.90).
     */
    private static double[][] latentCorrelation(double[][] quantiles, double[][] order, long seed, int sweeps) {
        double[][] rankScores = new double[order.length][];
        for (int i = 0; i < order.length; i++) {
            rankScores[i] = vanDerWaerden(order[i]);
        }
        return NearestCorrelation.repair(RankLikelihood.estimate(order, rankCorrelation(quantiles, rankScores), seed, sweeps));
    }

    /** A value of an ended entity's row (text, as the learner's per-key stage keeps it) as {@code field}'s scale places it. */
    private static Object typedValue(FieldModel field, Object value) {
        if (!(value instanceof String text)) {
            return value;
        }
        try {
            return switch (field.type()) {
                case LONG, DOUBLE -> Double.parseDouble(text);
                case BOOLEAN -> Boolean.parseBoolean(text);
                case STRING, TIMESTAMP -> text;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Each row's normal score of the field, drawn uniformly within its value's interval of the scale. */
    private static double[] jitteredScores(FieldScale scale, List<Row> rows, java.util.Random jitter) {
        double[] scores = new double[rows.size()];
        for (int r = 0; r < scores.length; r++) {
            double[] interval = scale.interval(rows.get(r).get(scale.field().name()));
            scores[r] = interval == null ? 0.0 : normalScore(interval[0] + (interval[1] - interval[0]) * jitter.nextDouble());
        }
        return scores;
    }

    /**
     * The correlation of the columns' rank scores (van der Waerden, unit variance), 0 where a column's
     * quantiles show it does not vary, repaired to the nearest positive-definite correlation.
     */
    private static double[][] rankCorrelation(double[][] quantiles, double[][] rankScores) {
        int d = quantiles.length;
        int n = rankScores[0].length;
        double[][] correlation = new double[d][d];
        for (int i = 0; i < d; i++) {
            correlation[i][i] = 1.0;
            boolean variesI = quantiles[i][0] < quantiles[i][quantiles[i].length - 1];
            for (int j = 0; j < i; j++) {
                double r = 0;
                if (variesI && quantiles[j][0] < quantiles[j][quantiles[j].length - 1]) {
                    double sum = 0;
                    for (int k = 0; k < n; k++) {
                        sum += rankScores[i][k] * rankScores[j][k];
                    }
                    r = Math.max(-1, Math.min(1, sum / n));
                }
                correlation[i][j] = r;
                correlation[j][i] = r;
            }
        }
        return NearestCorrelation.repair(correlation);
    }

    /** {@link StateCopula#QUANTILES} evenly spaced quantiles of {@code values}, smallest to largest. */
    private static double[] quantiles(double[] values) {
        return quantiles(values, StateCopula.QUANTILES);
    }

    /** {@code count} evenly spaced quantiles of {@code values}, smallest to largest. */
    private static double[] quantiles(double[] values, int count) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double[] quantiles = new double[count];
        for (int k = 0; k < quantiles.length; k++) {
            double position = (double) k / (quantiles.length - 1) * (sorted.length - 1);
            int below = (int) Math.floor(position);
            int above = Math.min(sorted.length - 1, below + 1);
            quantiles[k] = sorted[below] + (position - below) * (sorted[above] - sorted[below]);
        }
        return quantiles;
    }

    /**
     * The van der Waerden scores Phi^-1(rank / (n + 1)) of {@code values}, tied values sharing their
     * mean rank: their normal scores within the state.
     */
    private static double[] vanDerWaerden(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> values[i]));
        double[] scores = new double[n];
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double score = normalScore(((start + end) / 2.0 + 1) / (n + 1));
            for (int k = start; k <= end; k++) {
                scores[order[k]] = score;
            }
            start = end + 1;
        }
        // Ties shrink the scores' spread: rescale to unit variance so the products are correlations.
        double mean = 0;
        for (double score : scores) {
            mean += score;
        }
        mean /= n;
        double variance = 0;
        for (double score : scores) {
            variance += (score - mean) * (score - mean);
        }
        double sd = Math.sqrt(variance / n);
        for (int i = 0; i < n; i++) {
            scores[i] = sd > 0 ? (scores[i] - mean) / sd : 0;
        }
        return scores;
    }

    /** Normal-score correlations weaker than this are left as they are: too weak for NORTA to change visibly. */
    static final double NORTA_MIN_CORRELATION = 0.1;
    /** Fields with more nulls than this keep their normal-score correlations. */
    static final double NORTA_MAX_NULL_RATE = 0.01;
    /** Gauss-Hermite points per dimension of NORTA's integral. */
    private static final int NORTA_POINTS = 48;
    private static final double[] NORMAL_NODES;
    private static final double[] NORMAL_WEIGHTS;

    static {
        // Hermite rules are for the weight exp(-t^2): x = sqrt(2) t and w / sqrt(pi) integrate against N(0, 1).
        org.hipparchus.util.Pair<double[], double[]> rule = new org.hipparchus.analysis.integration.gauss.HermiteRuleFactory().getRule(NORTA_POINTS);
        NORMAL_NODES = new double[NORTA_POINTS];
        NORMAL_WEIGHTS = new double[NORTA_POINTS];
        for (int i = 0; i < NORTA_POINTS; i++) {
            NORMAL_NODES[i] = Math.sqrt(2) * rule.getFirst()[i];
            NORMAL_WEIGHTS[i] = rule.getSecond()[i] / Math.sqrt(Math.PI);
        }
    }

    /**
     * For each pair of number fields (with hardly any nulls), replaces the normal-score correlation with the one whose sampled
     * values have the Pearson correlation the rows had (NORTA, "NORmal To Anything": Cario and Nelson
     * 1997). The two differ where a relation is linear in the values but not in the normal scores, as
     * storms' wind and pressure are (Pearson -0.94, normal scores -0.89, so a copula of normal scores
     * samples -0.87). The Pearson correlation of sampled values is an integral over the bivariate
     * normal (Gauss-Hermite quadrature), increasing in the normal correlation, so bisection finds it.
     */
    private static void matchPearsonCorrelations(List<FieldModel> fields, List<String> names, List<Row> rows, double[][] correlation,
                                                 ValueOfScore valueOfScore) {
        Map<String, FieldScale> scales = new HashMap<>();
        for (FieldModel field : fields) {
            // Pearson's r sees only rows that have both values; where nulls are common, their
            // co-occurrence is part of the normal-score correlation, which NORTA would throw away.
            if (names.contains(field.name()) && field.type().isNumeric() && field.numeric() != null
                    && field.nullRate() < NORTA_MAX_NULL_RATE) {
                scales.put(field.name(), new FieldScale(field));
            }
        }
        for (int i = 0; i < names.size(); i++) {
            for (int j = 0; j < i; j++) {
                FieldScale a = scales.get(names.get(i));
                FieldScale b = scales.get(names.get(j));
                if (a == null || b == null || Math.abs(correlation[i][j]) < NORTA_MIN_CORRELATION) {
                    continue;
                }
                double target = pearson(a, b, rows);
                if (!Double.isNaN(target)) {
                    double r = nortaCorrelation(valueOfScore.of(i, a), valueOfScore.of(j, b), target);
                    correlation[i][j] = r;
                    correlation[j][i] = r;
                }
            }
        }
    }

    /** How a copula turns column {@code i}'s normal score into the value it samples (NaN for a null). */
    private interface ValueOfScore {
        java.util.function.DoubleUnaryOperator of(int column, FieldScale scale);
    }

    /** Pearson's r of two number fields over the rows that have both; NaN if they do not vary. */
    static double pearson(FieldScale a, FieldScale b, List<Row> rows) {
        double n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (Row row : rows) {
            Double x = a.number(row.get(a.field().name()));
            Double y = b.number(row.get(b.field().name()));
            if (x != null && y != null) {
                n++;
                sa += x;
                sb += y;
                saa += x * x;
                sbb += y * y;
                sab += x * y;
            }
        }
        return n < 2 ? Double.NaN : correlation(sa / n, sb / n, saa / n, sbb / n, sab / n);
    }

    /** Pearson's r from the means of a, b, a^2, b^2 and ab; NaN if either does not vary. */
    private static double correlation(double meanA, double meanB, double meanAA, double meanBB, double meanAB) {
        double varA = meanAA - meanA * meanA;
        double varB = meanBB - meanB * meanB;
        if (varA <= 0 || varB <= 0) {
            return Double.NaN;
        }
        return (meanAB - meanA * meanB) / Math.sqrt(varA * varB);
    }

    /** The normal correlation rho whose sampled values ({@code a} and {@code b} of a normal score) have Pearson correlation {@code target} (the nearest end if none has). */
    static double nortaCorrelation(java.util.function.DoubleUnaryOperator a, java.util.function.DoubleUnaryOperator b, double target) {
        double[] valuesA = new double[NORTA_POINTS];
        for (int i = 0; i < NORTA_POINTS; i++) {
            valuesA[i] = a.applyAsDouble(NORMAL_NODES[i]);
        }
        double low = -0.999;
        double high = 0.999;
        for (int step = 0; step < 20; step++) {
            double middle = (low + high) / 2;
            double sampled = sampledPearson(valuesA, b, middle);
            if (Double.isNaN(sampled)) {
                return target;
            }
            if (sampled < target) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    private static double sampledPearson(double[] valuesA, java.util.function.DoubleUnaryOperator b, double rho) {
        double n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        double residual = Math.sqrt(1 - rho * rho);
        for (int i = 0; i < NORTA_POINTS; i++) {
            double x = valuesA[i];
            if (Double.isNaN(x)) {
                continue;
            }
            for (int j = 0; j < NORTA_POINTS; j++) {
                double y = b.applyAsDouble(rho * NORMAL_NODES[i] + residual * NORMAL_NODES[j]);
                if (!Double.isNaN(y)) {
                    double w = NORMAL_WEIGHTS[i] * NORMAL_WEIGHTS[j];
                    n += w;
                    sa += w * x;
                    sb += w * y;
                    saa += w * x * x;
                    sbb += w * y * y;
                    sab += w * x * y;
                }
            }
        }
        return n == 0 ? Double.NaN : correlation(sa / n, sb / n, saa / n, sbb / n, sab / n);
    }

    /**
     * The normal score of each row's value of the field: of the middle of the value's interval, so a
     * tie (an atom of the marginal, a category, the nulls) shares one score. Spreading ties at random
     * over their interval instead was tried and measured: it adds noise that weakens every correlation
     * involving a discrete field (storms' wind~pressure fell from -0.94 to -0.86 in sampled rows).
     * A value the model cannot place gets the middle score, 0.
     */
    static double[] normalScores(FieldScale scale, List<Row> rows) {
        double[] scores = new double[rows.size()];
        Map<Object, Double> known = new HashMap<>();
        for (int r = 0; r < scores.length; r++) {
            Object value = rows.get(r).get(scale.field().name());
            Double score = known.get(value == null ? NULL : value);
            if (score == null) {
                double[] interval = scale.interval(value);
                score = interval == null ? 0.0 : normalScore((interval[0] + interval[1]) / 2);
                if (known.size() < MAX_REMEMBERED_SCORES) {
                    known.put(value == null ? NULL : value, score);
                }
            }
            scores[r] = score;
        }
        return scores;
    }

    /** Phi^-1(u), with u kept off 0 and 1. */
    public static double normalScore(double u) {
        return STANDARD_NORMAL.inverseCumulativeProbability(Math.min(1 - EDGE, Math.max(EDGE, u)));
    }

    /**
     * Phi(z), to double precision: Hart's algorithm 5666 as given by West (2005), "Better
     * approximations to cumulative normal functions", a few times faster than going through the
     * incomplete gamma function, which matters because the sampler calls it once per field per event.
     */
    public static double uniform(double z) {
        double x = Math.abs(z);
        double tail;
        if (x > 37) {
            tail = 0;
        } else {
            double e = Math.exp(-x * x / 2);
            if (x < 7.07106781186547) {
                double b = 3.52624965998911e-02 * x + 0.700383064443688;
                b = b * x + 6.37396220353165;
                b = b * x + 33.912866078383;
                b = b * x + 112.079291497871;
                b = b * x + 221.213596169931;
                b = b * x + 220.206867912376;
                tail = e * b;
                b = 8.83883476483184e-02 * x + 1.75566716318264;
                b = b * x + 16.064177579207;
                b = b * x + 86.7807322029461;
                b = b * x + 296.564248779674;
                b = b * x + 637.333633378831;
                b = b * x + 793.826512519948;
                b = b * x + 440.413735824752;
                tail = tail / b;
            } else {
                double b = x + 0.65;
                b = x + 4 / b;
                b = x + 3 / b;
                b = x + 2 / b;
                b = x + 1 / b;
                tail = e / b / 2.506628274631;
            }
        }
        return z > 0 ? 1 - tail : tail;
    }

    /** Centres and scales {@code x} to unit variance in place; false if it does not vary. */
    private static boolean standardise(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double variance = 0;
        for (double v : x) {
            variance += (v - mean) * (v - mean);
        }
        variance /= x.length;
        if (variance < 1e-12) {
            return false;
        }
        double sd = Math.sqrt(variance);
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] - mean) / sd;
        }
        return true;
    }
}
