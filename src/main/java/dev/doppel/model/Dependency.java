package dev.doppel.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Fields that go together in the source, kept as the table of the combinations the source had, with
 * how often each was seen in the sampled rows. The generator draws these fields together from the
 * table, so it never writes a combination the source never had.
 *
 * <p>{@code FUNCTIONAL}: the determinants fix the dependents (a route its distance: at least
 * {@link DependencyFinder#MIN_AGREEMENT} of the rows agree with their determinant's most common
 * dependent). {@code ASSOCIATED}: two categoricals strongly associated (bias-corrected Cramer's V at
 * least {@link DependencyFinder#MIN_CRAMERS_V}), sampled one given the other rather than through the
 * copula's single correlation. Immutable.
 *
 * @param kind         functional or associated
 * @param determinants the fields that determine (or condition) the others
 * @param dependents   the fields they determine
 * @param strength     agreement share (functional) or Cramer's V (associated)
 * @param combinations each seen combination: values of determinants then dependents, with its count
 */
public record Dependency(Kind kind, List<String> determinants, List<String> dependents, double strength,
                         List<Combination> combinations) {

    public enum Kind { FUNCTIONAL, ASSOCIATED }

    /** One seen combination of values (determinants, then dependents) and how many sampled rows had it. */
    public record Combination(List<Object> values, long count) {
        public Combination {
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values)); // nulls allowed
            if (count < 1) {
                throw new IllegalArgumentException("a seen combination has a count of at least 1");
            }
        }
    }

    public Dependency {
        determinants = List.copyOf(determinants);
        dependents = List.copyOf(dependents);
        combinations = List.copyOf(combinations);
        if (determinants.isEmpty() || dependents.isEmpty() || combinations.isEmpty()) {
            throw new IllegalArgumentException("a dependency needs determinants, dependents and combinations");
        }
        for (Combination combination : combinations) {
            if (combination.values().size() != determinants.size() + dependents.size()) {
                throw new IllegalArgumentException("each combination needs a value for every field of " + determinants + " -> " + dependents);
            }
        }
    }

    /** Determinants then dependents: the order of each combination's values. */
    public List<String> fields() {
        List<String> fields = new ArrayList<>(determinants);
        fields.addAll(dependents);
        return fields;
    }
}
