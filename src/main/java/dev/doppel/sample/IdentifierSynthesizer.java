package dev.doppel.sample;

import dev.doppel.model.IdentifierShape;
import java.math.BigInteger;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;

/**
 * Makes up values of an identifier, entity key or text field in the learned {@link IdentifierShape}.
 * None is a real value, by construction: each has, at its pattern's fresh position, a character never
 * seen there in a real value, or is longer than every real value, or (integers) is above the real
 * maximum.
 *
 * <p>Unique shapes give unique values within a run: the n-th value of a pattern is the image of n
 * under a bijection of {@code [0, capacity)} ({@code n -> (offset + n * step) mod capacity}, with
 * {@code step} coprime to the capacity, both drawn from the random stream), written in the mixed radix
 * of the pattern's slots. So values look random but never repeat until the pattern's capacity (the
 * product of its slots' sizes) is used up; after that they repeat. Entity keys are drawn from a pool
 * of as many values as the source had distinct ones, so they repeat as the real keys did. Not
 * thread-safe.
 */
public final class IdentifierSynthesizer {

    /** Capacities are capped here so that the arithmetic stays in longs; slots beyond it are filled at random. */
    private static final long MAX_CAPACITY = 1L << 62;

    private final IdentifierShape shape;
    private final UniformRandomProvider random;
    private final DiscreteSampler patternChoice;
    private final PatternWriter[] writers;
    private final Bijection integers;
    private long integersDrawn;

    public IdentifierSynthesizer(IdentifierShape shape, UniformRandomProvider random) {
        this.shape = shape;
        this.random = random;
        List<IdentifierShape.Pattern> patterns = shape.patterns();
        this.patternChoice = patterns.size() > 1 ? AliasMethodDiscreteSampler.of(random, shape.weights()) : null;
        this.writers = new PatternWriter[patterns.size()];
        for (int i = 0; i < writers.length; i++) {
            long pool = Math.max(1, Math.round(shape.distinct() * shape.weights()[i]));
            writers[i] = new PatternWriter(patterns.get(i), pool, random);
        }
        // Integers: unique ones count up from integersFrom in a scrambled order over a range ten times
        // the source's distinct count, so they keep roughly the real ids' magnitude.
        long range = Math.max(16, Math.min(MAX_CAPACITY, Math.max(1, shape.distinct()) * 10));
        this.integers = shape.integersFrom() == null ? null : new Bijection(range, random);
    }

    /** The next made-up text value. */
    public String next() {
        if (writers.length == 0) {
            return Long.toString(nextLong());
        }
        PatternWriter writer = writers[patternChoice == null ? 0 : patternChoice.sample()];
        return writer.write(shape.unique() ? writer.drawn++ : random.nextLong(writer.pool), random);
    }

    /** The next made-up integer value (integer shapes), or a number read from the next text value. */
    public long nextLong() {
        if (shape.integersFrom() == null) {
            throw new IllegalStateException("not an integer shape");
        }
        long index = shape.unique() ? integersDrawn++ : random.nextLong(Math.max(1, Math.min(shape.distinct(), integers.capacity)));
        // Past the range, keep counting above it: still fresh, still unique.
        long offset = index < integers.capacity ? integers.apply(index) : index;
        return shape.integersFrom() + offset;
    }

    /** A bijection of [0, capacity): n -> (offset + n * step) mod capacity, step coprime to capacity. */
    private static final class Bijection {
        final long capacity;
        private final BigInteger modulus;
        private final BigInteger offset;
        private final BigInteger step;

        Bijection(long capacity, UniformRandomProvider random) {
            this.capacity = capacity;
            this.modulus = BigInteger.valueOf(capacity);
            this.offset = BigInteger.valueOf(random.nextLong(capacity));
            long candidate = capacity == 1 ? 1 : 1 + random.nextLong(capacity - 1);
            while (!BigInteger.valueOf(candidate).gcd(modulus).equals(BigInteger.ONE)) {
                candidate = candidate % (capacity - 1) + 1;
            }
            this.step = BigInteger.valueOf(candidate);
        }

        long apply(long n) {
            return BigInteger.valueOf(n).multiply(step).add(offset).mod(modulus).longValue();
        }
    }

    /** Writes the n-th value of one pattern. */
    private static final class PatternWriter {
        private final String[] slots;
        /** Slots below this index are outside the counted capacity and filled at random. */
        private final int firstCounted;
        private final Bijection order;
        final long pool;
        long drawn;

        PatternWriter(IdentifierShape.Pattern pattern, long distinct, UniformRandomProvider random) {
            this.slots = pattern.slots().toArray(String[]::new);
            long capacity = 1;
            int first = slots.length;
            while (first > 0 && capacity <= MAX_CAPACITY / slots[first - 1].length()) {
                capacity *= slots[first - 1].length();
                first--;
            }
            this.firstCounted = first;
            this.order = new Bijection(capacity, random);
            this.pool = Math.min(distinct, capacity);
        }

        String write(long n, UniformRandomProvider random) {
            char[] value = new char[slots.length];
            long index = order.apply(Math.floorMod(n, order.capacity));
            for (int i = slots.length - 1; i >= firstCounted; i--) {
                int radix = slots[i].length();
                value[i] = slots[i].charAt((int) (index % radix));
                index /= radix;
            }
            for (int i = 0; i < firstCounted; i++) {
                value[i] = slots[i].charAt(random.nextInt(slots[i].length()));
            }
            return new String(value);
        }
    }
}
