package dev.doppel.stats;

import dev.doppel.codec.TimestampFormat;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Bounded-memory statistics of one field: how many values of each kind it had, a KLL quantiles
 * sketch of its numbers (timestamps as epoch milliseconds) and a frequent-items sketch of its strings.
 *
 * <p>Memory does not grow with the number of values: the KLL sketch with {@code k = 200} keeps a few
 * hundred items and answers ranks within {@link #NUMBER_RANK_ERROR} (99% confidence, Karnin, Lang and
 * Liberty 2016); the frequent-items sketch keeps at most {@link #MAX_ITEMS} strings and counts them
 * exactly while fewer than 3/4 of that many distinct strings have been seen (Anderson et al. 2017).
 *
 * <p>Mergeable: {@code a.merge(b)} gives the statistics of both streams, whatever the order. Not
 * thread-safe.
 */
public final class FieldStats {

    /** KLL accuracy parameter: the DataSketches default. */
    public static final int KLL_K = 200;
    /** Normalised rank error of one quantile query at {@link #KLL_K}, 99% confidence. */
    public static final double NUMBER_RANK_ERROR = KllDoublesSketch.getNormalizedRankError(KLL_K, false);
    /** Frequent-items map size; exact counts up to 3/4 of this many distinct strings. */
    public static final int MAX_ITEMS = 1024;

    /** HLL accuracy: 2^12 buckets, relative standard error about 1.6% (1.04 / sqrt(4096)). */
    public static final int HLL_LG_K = 12;
    /** Decimals beyond this are noise of the binary representation, not precision. */
    public static final int MAX_DECIMALS = 17;

    private static final ArrayOfStringsSerDe STRINGS = new ArrayOfStringsSerDe();

    private final String name;
    private long count;
    private long nulls;
    private long longs;
    private long doubles;
    private long booleans;
    private long trues;
    private long texts;
    private long timestamps;
    private TimestampFormat timestampFormat;
    private KllDoublesSketch numbers;
    private ItemsSketch<String> items;
    private HllSketch distinct;
    private ShapeStats shape;
    private int maxDecimals = -1;

    public FieldStats(String name) {
        this.name = name;
    }

    /**
     * Adds one value: {@link Long}, {@link Double} (or any other {@link Number}), {@link Boolean}, {@link String} or null.
     * A {@link java.util.List} (the elements of an array, see {@link dev.doppel.codec.CollectionPaths}) adds each of its
     * elements as one value.
     */
    public void observe(Object value) {
        if (value instanceof java.util.List<?> elements) {
            elements.forEach(this::observe);
            return;
        }
        count++;
        if (value == null) {
            nulls++;
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            longs++;
            numbers().update(((Number) value).doubleValue());
            distinctSketch().update(((Number) value).longValue());
        } else if (value instanceof Number number) {
            doubles++;
            numbers().update(number.doubleValue());
            distinctSketch().update(number.doubleValue());
            maxDecimals = Math.max(maxDecimals, decimals(number.doubleValue()));
        } else if (value instanceof Boolean flag) {
            booleans++;
            distinctSketch().update(flag ? 1L : 0L);
            if (flag) {
                trues++;
            }
        } else {
            observeText(value.toString());
        }
    }

    /** Adds {@code n} nulls at once: a field first seen late was missing from the events before. */
    public void observeNulls(long n) {
        count += n;
        nulls += n;
    }

    /** Digits after the decimal point of the shortest decimal that reads back as {@code value}. */
    static int decimals(double value) {
        if (!Double.isFinite(value)) {
            return 0;
        }
        int scale = java.math.BigDecimal.valueOf(value).stripTrailingZeros().scale();
        return Math.max(0, Math.min(MAX_DECIMALS, scale));
    }

    private void observeText(String text) {
        distinctSketch().update(text);
        Long epochMillis = timestampFormat == null ? null : timestampFormat.tryParse(text);
        if (epochMillis == null && (timestampFormat == null || timestamps == 0)) {
            TimestampFormat detected = TimestampFormat.detect(text).orElse(null);
            if (detected != null) {
                timestampFormat = detected;
                epochMillis = detected.tryParse(text);
            }
        }
        if (epochMillis != null) {
            timestamps++;
            numbers().update(epochMillis);
        } else {
            texts++;
            items().update(text);
            shapeForUpdate().observe(text);
        }
    }

    /** Adds {@code other}'s statistics to these; {@code other} is left as it was. */
    public void merge(FieldStats other) {
        if (!name.equals(other.name)) {
            throw new IllegalArgumentException("cannot merge field " + other.name + " into " + name);
        }
        count += other.count;
        nulls += other.nulls;
        longs += other.longs;
        doubles += other.doubles;
        booleans += other.booleans;
        trues += other.trues;
        texts += other.texts;
        if (timestampFormat == null || other.timestamps > timestamps) {
            timestampFormat = other.timestampFormat != null ? other.timestampFormat : timestampFormat;
        }
        timestamps += other.timestamps;
        if (other.numbers != null) {
            numbers().merge(other.numbers);
        }
        if (other.items != null) {
            items().merge(other.items);
        }
        if (other.distinct != null) {
            Union union = new Union(HLL_LG_K);
            if (distinct != null) {
                union.update(distinct);
            }
            union.update(other.distinct);
            distinct = union.getResult(TgtHllType.HLL_4);
        }
        if (other.shape != null) {
            shapeForUpdate().merge(other.shape);
        }
        maxDecimals = Math.max(maxDecimals, other.maxDecimals);
    }

    /** A deep copy, so the original can go on changing. */
    public FieldStats copy() {
        FieldStats copy = new FieldStats(name);
        copy.merge(this);
        return copy;
    }

    public String name() {
        return name;
    }

    public long count() {
        return count;
    }

    public long nulls() {
        return nulls;
    }

    public long longs() {
        return longs;
    }

    public long doubles() {
        return doubles;
    }

    public long booleans() {
        return booleans;
    }

    public long trues() {
        return trues;
    }

    public long texts() {
        return texts;
    }

    public long timestamps() {
        return timestamps;
    }

    /** The layout of this field's timestamps, or null if it had none. */
    public TimestampFormat timestampFormat() {
        return timestampFormat;
    }

    /** The quantiles sketch of numbers and timestamps, or null if there were none. Do not modify. */
    public KllDoublesSketch numberSketch() {
        return numbers;
    }

    /** The frequent-items sketch of texts, or null if there were none. Do not modify. */
    public ItemsSketch<String> itemSketch() {
        return items;
    }

    /** Estimated distinct non-null values (HLL, about 1.6% relative error; exact while few). */
    public long distinct() {
        return distinct == null ? 0 : Math.round(distinct.getEstimate());
    }

    /** The shape of the field's texts (not timestamps), or null if it had none. */
    public ShapeStats shape() {
        return shape;
    }

    private ShapeStats shapeForUpdate() {
        if (shape == null) {
            shape = new ShapeStats();
        }
        return shape;
    }

    /** Most digits after the decimal point any non-integral number had, or -1 if there was none. */
    public int maxDecimals() {
        return maxDecimals;
    }

    /** The exact smallest number (or timestamp, epoch ms) seen, or NaN without numbers. */
    public double min() {
        return numbers == null || numbers.isEmpty() ? Double.NaN : numbers.getMinItem();
    }

    /** The exact largest number (or timestamp, epoch ms) seen, or NaN without numbers. */
    public double max() {
        return numbers == null || numbers.isEmpty() ? Double.NaN : numbers.getMaxItem();
    }

    byte[] distinctBytes() {
        return distinct == null ? null : distinct.toCompactByteArray();
    }

    byte[] shapeBytes() {
        return shape == null ? null : shape.toBytes();
    }

    byte[] numbersBytes() {
        return numbers == null ? null : numbers.toByteArray();
    }

    byte[] itemsBytes() {
        return items == null ? null : items.toByteArray(STRINGS);
    }

    /** Rebuilds statistics from their serialized parts (see {@link StatsFormat}). */
    static FieldStats restore(String name, long[] counts, TimestampFormat timestampFormat, byte[] numbers, byte[] items,
                              byte[] distinct, byte[] shape, int maxDecimals) {
        FieldStats stats = new FieldStats(name);
        stats.count = counts[0];
        stats.nulls = counts[1];
        stats.longs = counts[2];
        stats.doubles = counts[3];
        stats.booleans = counts[4];
        stats.trues = counts[5];
        stats.texts = counts[6];
        stats.timestamps = counts[7];
        stats.timestampFormat = timestampFormat;
        stats.numbers = numbers == null ? null : KllDoublesSketch.heapify(Memory.wrap(numbers));
        stats.items = items == null ? null : ItemsSketch.getInstance(Memory.wrap(items), STRINGS);
        stats.distinct = distinct == null ? null : HllSketch.heapify(Memory.wrap(distinct));
        stats.shape = shape == null ? null : ShapeStats.fromBytes(shape);
        stats.maxDecimals = maxDecimals;
        return stats;
    }

    private KllDoublesSketch numbers() {
        if (numbers == null) {
            numbers = KllDoublesSketch.newHeapInstance(KLL_K);
        }
        return numbers;
    }

    private HllSketch distinctSketch() {
        if (distinct == null) {
            distinct = new HllSketch(HLL_LG_K);
        }
        return distinct;
    }

    private ItemsSketch<String> items() {
        if (items == null) {
            items = new ItemsSketch<>(MAX_ITEMS);
        }
        return items;
    }
}
