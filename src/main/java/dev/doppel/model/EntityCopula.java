package dev.doppel.model;

import java.util.List;

/**
 * How an entity's attributes go together with its start state, its length and its start time: a
 * Gaussian copula over entities, not events, fitted on the learner's sample of ended entities. The
 * generator draws each synthetic entity's attributes from it once, given the state it starts in, the
 * number of events its walk of the chain will have, and the hour of day it starts; so a country whose
 * users come at night and stay long keeps doing so, and the attributes' per-event distribution (each
 * entity's values counted once per event) is the source's.
 *
 * <p>Columns named after a field (the attributes, then the state field) keep the field's distribution
 * over entities as quantiles of its normal scores under the field's global marginal, as
 * {@link StateCopula} does; {@link #EVENTS} likewise under the chain's events per entity
 * ({@link SequenceModel#eventsPerEntity}), and {@link #START_HOUR} quantiles of its own values. The correlation is that of the columns' rank scores over entities.
 * Holds no entity. Immutable.
 *
 * @param columns     the attributes, the state field, {@link #EVENTS}, {@link #START_HOUR}
 * @param quantiles   per column, {@link #QUANTILES} evenly spaced quantiles over entities
 *                    (normal scores, but values for {@link #START_HOUR}), smallest to largest
 * @param correlation the correlation of the columns' rank scores over entities, positive definite
 * @param entities    how many sampled entities it was estimated from
 */
public record EntityCopula(List<String> columns, double[][] quantiles, double[][] correlation, long entities) {

    /** The column of an entity's number of events. */
    public static final String EVENTS = "#events";
    /**
     * The column of the hour of day (UTC, a whole hour 0 to 23) of an entity's first event. Whole
     * hours, so that the entities of one hour are a tie: conditioning on a tie draws its position
     * anywhere in its share, which gives each hour the source's mix of attributes, where a
     * continuous time within the hour would tilt it from the hour's start to its end.
     */
    public static final String START_HOUR = "#start-hour";

    /**
     * Quantiles kept per column: every 1/100 of the entities. Finer than a state copula's, because a
     * category's share over entities is read off them: a share between two quantiles is interpolated,
     * off by at most one step.
     */
    public static final int QUANTILES = 101;

    public EntityCopula {
        columns = List.copyOf(columns);
        int d = columns.size();
        if (d < 3 || !columns.get(d - 2).equals(EVENTS) || !columns.get(d - 1).equals(START_HOUR)) {
            throw new IllegalArgumentException("an entity copula's columns end with " + EVENTS + " and " + START_HOUR);
        }
        quantiles = ScoreQuantiles.checked(columns, quantiles, QUANTILES);
        correlation = new GaussianCopula(columns, correlation, entities).correlation();
    }

    @Override
    public double[][] quantiles() {
        return ScoreQuantiles.copy(quantiles);
    }

    @Override
    public double[][] correlation() {
        return new GaussianCopula(columns, correlation, entities).correlation();
    }

    /** The number of columns that are fields (attributes and the state field): they come first. */
    public int fieldColumns() {
        return columns.size() - 2;
    }

    /** True if column {@code i} takes more than one value over entities. */
    public boolean varies(int i) {
        return quantiles[i][0] < quantiles[i][QUANTILES - 1];
    }

    /** Column {@code i}'s normal score (the start hour's value) at position {@code p} in [0, 1]. */
    public double at(int i, double p) {
        return ScoreQuantiles.at(quantiles[i], p);
    }

    /** The position in [0, 1] of {@code value} in column {@code i}; within a tie, at point {@code u} of the tie's share. */
    public double position(int i, double value, double u) {
        return ScoreQuantiles.position(quantiles[i], value, u);
    }

    /** The correlation of columns {@code a} and {@code b} over entities, or NaN if either is not a column. */
    public double correlation(String a, String b) {
        int i = columns.indexOf(a);
        int j = columns.indexOf(b);
        return i < 0 || j < 0 ? Double.NaN : correlation[i][j];
    }

    /** The hour of day, UTC, 0 to 23, of event time {@code epochMs}. */
    public static int hourOfDay(long epochMs) {
        return (int) (Math.floorMod(epochMs, 86_400_000L) / 3_600_000L);
    }
}
