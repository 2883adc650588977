package dev.doppel.model;

import java.util.List;

/**
 * The joint distribution of the other fields within one state of an entity's state field: a Gaussian
 * copula of its own. Each field's distribution in the state is kept as quantiles of its normal scores
 * under the global marginal ({@link FieldScale}: a hurricane's winds sit high on the global scale),
 * and the fields' within-state rank scores are jointly normal with this correlation. Sampling draws
 * correlated normals, turns each into a position in [0, 1], reads the field's score there from its
 * quantiles, and the value at that score from the global marginal. Holds no row. Immutable.
 *
 * @param stateField     the state field, the same for every state's copula
 * @param state          the state's value, as text
 * @param fields         the fields it covers, in matrix order
 * @param scoreQuantiles per field, {@link #QUANTILES} evenly spaced quantiles of its normal scores in
 *                       this state, smallest to largest (all equal: the field is constant in the state)
 * @param correlation    the correlation of the fields' within-state rank scores, d x d, positive definite
 * @param rows           how many sampled rows of this state it was estimated from
 */
public record StateCopula(String stateField, String state, List<String> fields, double[][] scoreQuantiles,
                          double[][] correlation, long rows) {

    /** Quantiles kept per field: every 1/32 of the state's rows, both ends included. */
    public static final int QUANTILES = 33;

    public StateCopula {
        fields = List.copyOf(fields);
        int d = fields.size();
        if (scoreQuantiles.length != d) {
            throw new IllegalArgumentException("a state copula of " + d + " fields needs " + d + " quantile lists");
        }
        scoreQuantiles = ScoreQuantiles.checked(fields, scoreQuantiles, QUANTILES);
        // The same checks as the global copula's matrix.
        correlation = new GaussianCopula(fields, correlation, rows).correlation();
    }

    @Override
    public double[][] scoreQuantiles() {
        return ScoreQuantiles.copy(scoreQuantiles);
    }

    @Override
    public double[][] correlation() {
        return new GaussianCopula(fields, correlation, rows).correlation();
    }

    /** The correlation of fields {@code a} and {@code b} in this state, or NaN if either is not covered. */
    public double correlation(String a, String b) {
        int i = fields.indexOf(a);
        int j = fields.indexOf(b);
        return i < 0 || j < 0 ? Double.NaN : correlation[i][j];
    }

    /** True if field {@code i} takes more than one value in this state. */
    public boolean varies(int i) {
        return scoreQuantiles[i][0] < scoreQuantiles[i][QUANTILES - 1];
    }

    /** Field {@code i}'s normal score at position {@code p} in [0, 1] of its distribution in this state. */
    public double score(int i, double p) {
        return ScoreQuantiles.at(scoreQuantiles[i], p);
    }

    /** The position in [0, 1] of normal score {@code score} in field {@code i}'s distribution in this state: the inverse of {@link #score}. */
    public double position(int i, double score) {
        return ScoreQuantiles.position(scoreQuantiles[i], score, 0.5);
    }
}
