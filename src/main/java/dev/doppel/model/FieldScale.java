package dev.doppel.model;

import dev.doppel.codec.FieldType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One field's values laid out on [0, 1), the scale the Gaussian copula works on: nulls take
 * [0, nullRate), and the non-null values the rest, in the order and proportion of the field's
 * marginal. A number takes the step of the learned quantile function that gives it (ties spread over
 * their step), a category an interval as wide as its frequency, most frequent first (as SDV's
 * categorical transformer does), a boolean false then true. Both directions live here so that
 * fitting and sampling agree. Immutable.
 */
public final class FieldScale {

    private final FieldModel field;
    private final double nullRate;
    /** Categories' cumulative shares among the kept categories, ending at 1. */
    private final double[] categoryCumulative;
    private final Map<String, Integer> categoryIndex;

    public FieldScale(FieldModel field) {
        this.field = field;
        this.nullRate = field.nullRate();
        if (field.type() == FieldType.STRING && field.categorical() != null) {
            double[] weights = field.categorical().weights();
            double total = Arrays.stream(weights).sum();
            categoryCumulative = new double[weights.length];
            double sum = 0;
            for (int i = 0; i < weights.length; i++) {
                sum += weights[i];
                categoryCumulative[i] = sum / total;
            }
            categoryCumulative[weights.length - 1] = 1.0;
            List<String> values = field.categorical().values();
            categoryIndex = new HashMap<>(values.size() * 2);
            for (int i = 0; i < values.size(); i++) {
                categoryIndex.put(values.get(i), i);
            }
        } else {
            categoryCumulative = null;
            categoryIndex = Map.of();
        }
    }

    public FieldModel field() {
        return field;
    }

    /**
     * The interval {lower, upper} of [0, 1) that {@code value} takes, or null if the model cannot
     * place it (a category or a value of a kind the field does not have).
     */
    public double[] interval(Object value) {
        if (value == null) {
            return new double[] {0.0, nullRate};
        }
        double[] inner = innerInterval(value);
        if (inner == null) {
            return null;
        }
        return new double[] {nullRate + (1 - nullRate) * inner[0], nullRate + (1 - nullRate) * inner[1]};
    }

    private double[] innerInterval(Object value) {
        switch (field.type()) {
            case LONG, DOUBLE, TIMESTAMP -> {
                Double number = number(value);
                return number == null || field.numeric() == null ? null : field.numeric().step(number);
            }
            case STRING -> {
                Integer index = categoryIndex.get(value.toString());
                if (index == null) {
                    return null;
                }
                return new double[] {index == 0 ? 0.0 : categoryCumulative[index - 1], categoryCumulative[index]};
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean flag)) {
                    return null;
                }
                double falseShare = 1 - field.trueRate();
                return flag ? new double[] {falseShare, 1.0} : new double[] {0.0, falseShare};
            }
            default -> throw new IllegalStateException("no scale for " + field.type());
        }
    }

    /** A number or timestamp value as a double (epoch ms for timestamps), or null if it is not one. */
    Double number(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (field.type() == FieldType.TIMESTAMP && value instanceof String text) {
            Long millis = field.timestampFormat().tryParse(text);
            return millis == null ? null : millis.doubleValue();
        }
        return null;
    }

    /** The value at {@code u} in [0, 1): null below the null rate, else the marginal's value there. */
    public Object value(double u) {
        if (u < nullRate || field.alwaysNull()) {
            return null;
        }
        double inner = Math.min((u - nullRate) / (1 - nullRate), Math.nextDown(1.0));
        return switch (field.type()) {
            // Within the learned bounds and to the learned precision, as the independent path draws them.
            case LONG -> Math.round(field.fit(field.numeric().quantile(inner)));
            case DOUBLE -> field.fit(field.numeric().quantile(inner));
            case TIMESTAMP -> field.timestampFormat().format(Math.round(field.numeric().quantile(inner)));
            case BOOLEAN -> inner >= 1 - field.trueRate();
            case STRING -> field.categorical().values().get(categoryAt(inner));
        };
    }

    /** For a number or timestamp field: the value at {@code u} as a double, NaN where it is null. */
    double numberAt(double u) {
        if (u < nullRate || field.alwaysNull()) {
            return Double.NaN;
        }
        return field.numeric().quantile(Math.min((u - nullRate) / (1 - nullRate), Math.nextDown(1.0)));
    }

    private int categoryAt(double inner) {
        int index = Arrays.binarySearch(categoryCumulative, inner);
        int step = index >= 0 ? index + 1 : -index - 1;
        return Math.min(step, categoryCumulative.length - 1);
    }
}
