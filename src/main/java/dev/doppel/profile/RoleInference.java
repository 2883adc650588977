package dev.doppel.profile;

import dev.doppel.codec.FieldType;
import dev.doppel.stats.FieldStats;
import dev.doppel.stats.ShapeStats;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * Infers each field's {@link FieldRole} from its statistics, with a one-line reason. The rules, first
 * match wins:
 *
 * <ol>
 *   <li>booleans are {@code boolean}; timestamps are {@code event_time}; so are integers named like a
 *       time ({@code ts}, {@code time}, {@code *_at}) whose values all lie in 2000-2100 as epoch ms;</li>
 *   <li>texts with white space in at least {@value #TEXT_MIN_SPACE_SHARE} of values and a mean
 *       length of at least {@value #TEXT_MIN_MEAN_LENGTH} are {@code text};</li>
 *   <li>texts, and integers named like an id ({@code id}, {@code *_id}, {@code *Id}, {@code *num},
 *       {@code key}), with at least {@value #MIN_VALUES} values of which at least
 *       {@value #IDENTIFIER_MIN_DISTINCT_SHARE} are distinct are {@code identifier}. The share comes
 *       from an HLL sketch whose relative standard error is 1.6%, so the threshold sits three
 *       standard errors below 1: a unique field is not missed;</li>
 *   <li>texts mostly (at least {@value #SHAPE_MIN_SHARE} of their frequent masks) in email or phone
 *       shape are never categories: {@code identifier} if at least half as distinct as that, else
 *       {@code entity_key};</li>
 *   <li>id-shaped texts (no white space, digits in at least {@value #SHAPE_MIN_SHARE} of their
 *       frequent masks) and integers named like an id, with at least {@value #ENTITY_MIN_DISTINCT}
 *       distinct values, are {@code entity_key}: many entities, each with several events;</li>
 *   <li>other texts are {@code categorical}; other numbers {@code numeric}.</li>
 * </ol>
 *
 * {@code state} and {@code entity_attribute} are never inferred here: the sequence learner sets them,
 * or a profile file does.
 */
public final class RoleInference {

    /** Fewer non-null values than this say too little to call a field an identifier. */
    public static final int MIN_VALUES = 20;
    /** Share of distinct values from which a field is an identifier. */
    public static final double IDENTIFIER_MIN_DISTINCT_SHARE = 0.95;
    /** Distinct values from which an id-shaped field names entities rather than categories. */
    public static final int ENTITY_MIN_DISTINCT = 100;
    /** Share of values with white space from which long texts are free text. */
    public static final double TEXT_MIN_SPACE_SHARE = 0.5;
    /** Mean length from which texts with spaces are free text rather than labels. */
    public static final double TEXT_MIN_MEAN_LENGTH = 20;
    /** Share of the frequent masks that must have a shape (email, phone, digits) for it to count. */
    public static final double SHAPE_MIN_SHARE = 0.9;

    private static final Pattern EMAIL_MASK = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[aA]{2,}");
    /** 9 to 15 digits (E.164 allows 15) with the usual separators; fewer digits are more likely a code or a count. */
    private static final Pattern PHONE_MASK = Pattern.compile("\\+?[ ().\\-]*(9[ ().\\-]*){9,15}");
    private static final Pattern ID_NAME = Pattern.compile("(?i)(.*[_.\\-])?(id|key|uuid|guid|num|number)|.*[a-z](Id|ID|Key|Num|Number)");
    private static final Pattern TIME_NAME = Pattern.compile("(?i)(.*[_.\\-])?(ts|time|timestamp|date|datetime)|.*(_at|At|Time|Timestamp)");
    private static final double YEAR_2000_MS = 946_684_800_000.0;
    private static final double YEAR_2100_MS = 4_102_444_800_000.0;

    /** A role with the reason it was given. */
    public record Inferred(FieldRole role, String reason) {
    }

    private RoleInference() {
    }

    /** The role of {@code field}, whose values are mostly of {@code type}. */
    public static Inferred infer(FieldStats field, FieldType type) {
        long values = field.count() - field.nulls();
        if (values == 0) {
            return new Inferred(switch (type) {
                case BOOLEAN -> FieldRole.BOOLEAN;
                case LONG, DOUBLE -> FieldRole.NUMERIC;
                case TIMESTAMP -> FieldRole.EVENT_TIME;
                case STRING -> FieldRole.CATEGORICAL;
            }, "always null");
        }
        long distinct = Math.min(field.distinct(), values);
        double distinctShare = (double) distinct / values;
        String leaf = leafName(field.name());
        return switch (type) {
            case BOOLEAN -> new Inferred(FieldRole.BOOLEAN, "true/false values");
            case TIMESTAMP -> new Inferred(FieldRole.EVENT_TIME, "timestamps");
            case DOUBLE -> {
                int decimals = Math.max(0, field.maxDecimals());
                yield new Inferred(FieldRole.NUMERIC, "reals, up to " + decimals + (decimals == 1 ? " decimal" : " decimals"));
            }
            case LONG -> integer(field, leaf, values, distinct, distinctShare);
            case STRING -> text(field.shape(), values, distinct, distinctShare);
        };
    }

    private static Inferred integer(FieldStats field, String leaf, long values, long distinct, double distinctShare) {
        if (TIME_NAME.matcher(leaf).matches() && field.min() >= YEAR_2000_MS && field.max() < YEAR_2100_MS) {
            return new Inferred(FieldRole.EVENT_TIME, "named like a time, epoch milliseconds");
        }
        if (ID_NAME.matcher(leaf).matches()) {
            if (values >= MIN_VALUES && distinctShare >= IDENTIFIER_MIN_DISTINCT_SHARE) {
                return new Inferred(FieldRole.IDENTIFIER, percent(distinctShare) + " distinct of " + count(values) + ", named like an id");
            }
            if (distinct >= ENTITY_MIN_DISTINCT) {
                return new Inferred(FieldRole.ENTITY_KEY, count(distinct) + " distinct of " + count(values) + ", named like an id, "
                        + eventsEach(values, distinct));
            }
        }
        return new Inferred(FieldRole.NUMERIC, "integers, " + count(distinct) + " distinct");
    }

    private static Inferred text(ShapeStats shape, long values, long distinct, double distinctShare) {
        if (shape == null) {
            return new Inferred(FieldRole.CATEGORICAL, count(distinct) + " distinct of " + count(values));
        }
        double spaceShare = (double) shape.withSpace() / shape.values();
        if (spaceShare >= TEXT_MIN_SPACE_SHARE && shape.meanLength() >= TEXT_MIN_MEAN_LENGTH) {
            return new Inferred(FieldRole.TEXT, "free text: " + percent(spaceShare) + " with spaces, mean length "
                    + Math.round(shape.meanLength()));
        }
        boolean unique = values >= MIN_VALUES && distinctShare >= IDENTIFIER_MIN_DISTINCT_SHARE;
        if (unique) {
            return new Inferred(FieldRole.IDENTIFIER, percent(distinctShare) + " distinct of " + count(values));
        }
        for (Pattern kind : new Pattern[] {EMAIL_MASK, PHONE_MASK}) {
            if (values >= MIN_VALUES && maskShare(shape, kind) >= SHAPE_MIN_SHARE) {
                String name = kind == EMAIL_MASK ? "email shape" : "phone-number shape";
                return distinctShare >= IDENTIFIER_MIN_DISTINCT_SHARE / 2
                        ? new Inferred(FieldRole.IDENTIFIER, name + ", " + percent(distinctShare) + " distinct of " + count(values))
                        : new Inferred(FieldRole.ENTITY_KEY, name + ", " + count(distinct) + " distinct, " + eventsEach(values, distinct));
            }
        }
        if (distinct >= ENTITY_MIN_DISTINCT && shape.withSpace() == 0 && maskShare(shape, null) >= SHAPE_MIN_SHARE) {
            return new Inferred(FieldRole.ENTITY_KEY, count(distinct) + " distinct id-shaped values of " + count(values) + ", "
                    + eventsEach(values, distinct));
        }
        return new Inferred(FieldRole.CATEGORICAL, count(distinct) + " distinct of " + count(values));
    }

    /** Share of the frequent masks' weight matching {@code kind}, or (null) containing a digit. */
    private static double maskShare(ShapeStats shape, Pattern kind) {
        ItemsSketch<String> masks = shape.maskSketch();
        if (masks == null || masks.isEmpty()) {
            return 0;
        }
        long total = 0;
        long matching = 0;
        for (ItemsSketch.Row<String> row : masks.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
            total += row.getEstimate();
            boolean match = kind == null ? row.getItem().indexOf('9') >= 0 : kind.matcher(row.getItem()).matches();
            if (match) {
                matching += row.getEstimate();
            }
        }
        return total == 0 ? 0 : (double) matching / total;
    }

    private static String leafName(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static String eventsEach(long values, long distinct) {
        return "about " + count(Math.round((double) values / Math.max(1, distinct))) + " events each";
    }

    static String percent(double share) {
        double percent = Math.min(100.0, share * 100);
        return String.format(Locale.ROOT, percent >= 99.95 ? "%.0f%%" : "%.1f%%", percent);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
