package dev.doppel.model;

import java.util.List;

/**
 * A learned distribution of strings: the values the frequent-items sketch kept, most frequent first,
 * with their shares of the field's strings, and the share it could not keep ({@code unseenWeight}),
 * which is 0 while the field has fewer distinct values than the sketch holds. Immutable.
 */
public record CategoricalMarginal(List<String> values, double[] weights, double unseenWeight) {

    public CategoricalMarginal {
        if (values.isEmpty() || values.size() != weights.length) {
            throw new IllegalArgumentException("need as many weights as values, and at least one");
        }
        values = List.copyOf(values);
        weights = weights.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }
}
