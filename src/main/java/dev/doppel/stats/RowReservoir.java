package dev.doppel.stats;

import dev.doppel.codec.Row;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * A bounded, mergeable weighted sample of whole rows: what the joint model (correlations,
 * dependencies, conditional tables) is fitted on.
 *
 * <p>The method is A-Res / priority sampling (Efraimidis and Spirakis 2006): each offered row with
 * weight {@code w} gets the key {@code -ln(u) / w} for a uniform {@code u}, and the reservoir keeps the
 * {@code capacity} rows with the smallest keys. That is a weighted sample without replacement of
 * everything offered; with equal weights, a uniform one (each row kept with probability k/n). Keys are
 * stored as {@code ln(-ln u) - ln w}, the same order, so that forward decay (Cormode et al. 2009),
 * whose weights {@code exp(lambda (t - L))} overflow a double, can be passed as a log weight.
 *
 * <p>Merging is exact: the rows with the smallest keys of a union are the union's sample. A reservoir
 * that had to drop rows knows its {@link #threshold()}: every row offered with a smaller key is still
 * in it. A merge keeps only rows below the smaller of the two thresholds, because above it one side
 * may have dropped rows the other kept; so the merged rows are exactly the union's rows with keys
 * below that threshold, at most {@code capacity} of them.
 *
 * <p>The rows are real rows: they stay in the learner's state and internal topics, inside the source
 * cluster; the model built from them holds only aggregates. Not thread-safe.
 */
public final class RowReservoir {

    /** Rows one window report keeps (per learner task and window). */
    public static final int WINDOW_CAPACITY = 2_000;
    /** Rows the topic's merged statistics keep. */
    public static final int TOPIC_CAPACITY = 10_000;

    private static final Comparator<Entry> LARGEST_KEY_FIRST = Comparator.comparingDouble(Entry::key).reversed();

    /** One kept row and its key; smaller keys are kept first. */
    public record Entry(double key, Row row) {
    }

    private final int capacity;
    private final long seed;
    private final PriorityQueue<Entry> kept = new PriorityQueue<>(LARGEST_KEY_FIRST);
    private long offered;
    private double threshold = Double.POSITIVE_INFINITY;
    private UniformRandomProvider random;

    /** An empty reservoir of at most {@code capacity} rows whose keys come from a random stream seeded with {@code seed}. */
    public RowReservoir(int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a reservoir holds at least one row, not " + capacity);
        }
        this.capacity = capacity;
        this.seed = seed;
    }

    /** Offers a row of weight 1. */
    public void offer(Row row) {
        offer(row, 0.0);
    }

    /**
     * Offers a row of weight {@code exp(logWeight)}: 0 for weight 1; forward decay passes
     * {@code lambda (t - L)} for event time t and landmark L, so newer rows weigh more.
     */
    public void offer(Row row, double logWeight) {
        if (random == null) {
            // After a restore, a fresh stream: mixing in the count keeps it from repeating earlier keys.
            // A single long seed is expanded by SplitMix64, so nearby seeds give unrelated streams
            // (a raw long[] seed of small numbers starts xoroshiro with near-zero outputs).
            random = RandomSource.XO_RO_SHI_RO_128_PP.create(seed * 0x9E3779B97F4A7C15L + offered);
        }
        offered++;
        double u = random.nextDouble();
        double key = Math.log(-Math.log(u)) - logWeight;
        if (!(key < threshold)) {
            return; // u == 0 gives +infinity: never kept
        }
        add(new Entry(key, canonical(row)));
    }

    /** Adds {@code other}'s rows; {@code other} is left as it was. */
    public void merge(RowReservoir other) {
        merge(other, 0.0);
    }

    /**
     * Adds {@code other}'s rows as if each had been offered with its weight times
     * {@code exp(logWeight)}: their keys and threshold move down by {@code logWeight}. So merging
     * windows' samples with their horizon weights gives a weighted sample of their union.
     */
    public void merge(RowReservoir other, double logWeight) {
        offered += other.offered;
        threshold = Math.min(threshold, other.threshold - logWeight);
        kept.removeIf(entry -> !(entry.key < threshold));
        for (Entry entry : other.kept) {
            double key = entry.key - logWeight;
            if (key < threshold) {
                add(logWeight == 0 ? entry : new Entry(key, entry.row));
            }
        }
    }

    private void add(Entry entry) {
        kept.add(entry);
        if (kept.size() > capacity) {
            threshold = Math.min(threshold, kept.poll().key);
        }
    }

    /** The kept rows, smallest key first: any prefix of them is itself a sample. */
    public List<Row> rows() {
        return entries().stream().map(Entry::row).toList();
    }

    /** The kept rows with their keys, smallest key first. */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>(kept);
        entries.sort(Comparator.comparingDouble(Entry::key));
        return entries;
    }

    public int size() {
        return kept.size();
    }

    public int capacity() {
        return capacity;
    }

    public long seed() {
        return seed;
    }

    /** Rows offered, over every reservoir merged in. */
    public long offered() {
        return offered;
    }

    /** Every row offered with a key below this is kept; +infinity while nothing was dropped. */
    public double threshold() {
        return threshold;
    }

    /** A deep copy, so the original can go on changing. */
    public RowReservoir copy() {
        RowReservoir copy = new RowReservoir(capacity, seed);
        copy.merge(this);
        return copy;
    }

    /** Rebuilds a reservoir from its serialized parts (see {@link StatsFormat}). */
    static RowReservoir restore(int capacity, long seed, long offered, double threshold, List<Entry> entries) {
        RowReservoir reservoir = new RowReservoir(capacity, seed);
        reservoir.offered = offered;
        reservoir.threshold = threshold;
        reservoir.kept.addAll(entries);
        return reservoir;
    }

    /** Values as {@link Row} documents them (Long, Double, Boolean, String, null), so they serialize. */
    private static Row canonical(Row row) {
        boolean canonical = true;
        for (Object value : row.values().values()) {
            if (!(value == null || value instanceof Long || value instanceof Double || value instanceof Boolean
                    || value instanceof String)) {
                canonical = false;
                break;
            }
        }
        if (canonical) {
            return row;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        row.values().forEach((name, value) -> values.put(name, canonicalValue(value)));
        return Row.of(values);
    }

    private static Object canonicalValue(Object value) {
        if (value == null || value instanceof Long || value instanceof Double || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        return value.toString();
    }
}
