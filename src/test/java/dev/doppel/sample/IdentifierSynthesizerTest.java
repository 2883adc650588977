package dev.doppel.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.model.IdentifierShape;
import dev.doppel.stats.ShapeStats;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property tests over random shapes: whatever the real values, the made-up ones are none of them,
 * have a real value's mask (or are longer than every real value), and are unique where asked.
 */
class IdentifierSynthesizerTest {

    private static final String CLASSES = "9aA-_.@ ";

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void madeUpValuesAreNeverRealOnesAndKeepTheirShape(long seed) {
        Random random = new Random(seed);
        Set<String> real = randomValues(random);
        ShapeStats shape = new ShapeStats();
        real.forEach(shape::observe);
        Set<String> realMasks = real.stream().map(ShapeStats::mask).collect(Collectors.toSet());
        IdentifierShape model = IdentifierShape.texts(shape, real.size(), true);

        IdentifierSynthesizer synthesizer = new IdentifierSynthesizer(model, RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
        int draws = 5_000;
        Set<String> made = new HashSet<>();
        for (int i = 0; i < draws; i++) {
            String value = synthesizer.next();
            assertThat(real).as("seed %d", seed).doesNotContain(value);
            assertThat(realMasks.contains(ShapeStats.mask(value)) || value.length() > shape.maxLength())
                    .as("seed %d: %s has a real mask or is longer than every real value", seed, value).isTrue();
            made.add(value);
        }
        // Each pattern's values are unique until its capacity is used up, and patterns (distinct masks)
        // never share a value: so either every draw is new, or some pattern's whole capacity was made.
        long smallest = model.patterns().stream().mapToLong(IdentifierSynthesizerTest::capacity).min().orElseThrow();
        assertThat((long) made.size()).as("seed %d", seed).isGreaterThanOrEqualTo(Math.min(draws, smallest));
        if (smallest >= draws) {
            assertThat(made).as("seed %d", seed).hasSize(draws);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void entityKeysRepeatFromAPoolAsLargeAsTheRealDistinctCount(long seed) {
        Random random = new Random(seed);
        ShapeStats shape = new ShapeStats();
        Set<String> real = new HashSet<>();
        while (real.size() < 200) {
            real.add(String.format("AL%02d%04d", random.nextInt(30), 1975 + random.nextInt(46)));
        }
        real.forEach(shape::observe);
        IdentifierShape model = IdentifierShape.texts(shape, real.size(), false);

        IdentifierSynthesizer synthesizer = new IdentifierSynthesizer(model, RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String value = synthesizer.next();
            assertThat(real).doesNotContain(value);
            made.add(value);
        }
        // 20,000 uniform draws from a pool of 200 miss a given key with probability (199/200)^20000 < 1e-43.
        assertThat(made).hasSize(200);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void integerIdentifiersLieAboveTheRealMaximumAndAreUnique(long seed) {
        IdentifierShape model = IdentifierShape.integers(51_920, 51_920, true);
        IdentifierSynthesizer synthesizer = new IdentifierSynthesizer(model, RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
        Set<Long> made = new HashSet<>();
        for (int i = 0; i < 600_000; i++) {
            long value = synthesizer.nextLong();
            assertThat(value).isGreaterThan(51_920);
            made.add(value);
        }
        assertThat(made).hasSize(600_000);
    }

    /** Real values with random masks over digits, letters and punctuation, some sharing a prefix. */
    private static Set<String> randomValues(Random random) {
        Set<String> values = new HashSet<>();
        int masks = 1 + random.nextInt(4);
        int count = 10 + random.nextInt(3_000);
        List<String> shapes = new java.util.ArrayList<>();
        for (int m = 0; m < masks; m++) {
            StringBuilder mask = new StringBuilder();
            int length = 1 + random.nextInt(random.nextBoolean() ? 6 : 40);
            for (int i = 0; i < length; i++) {
                mask.append(CLASSES.charAt(random.nextInt(CLASSES.length())));
            }
            shapes.add(mask.toString());
        }
        for (int i = 0; i < count; i++) {
            String mask = shapes.get(random.nextInt(shapes.size()));
            StringBuilder value = new StringBuilder();
            for (char kind : mask.toCharArray()) {
                value.append(switch (kind) {
                    case '9' -> (char) ('0' + random.nextInt(random.nextBoolean() ? 10 : 3));
                    case 'a' -> (char) ('a' + random.nextInt(26));
                    case 'A' -> (char) ('A' + random.nextInt(random.nextBoolean() ? 26 : 2));
                    default -> kind;
                });
            }
            values.add(value.toString());
        }
        return values;
    }

    private static long capacity(IdentifierShape.Pattern pattern) {
        long capacity = 1;
        for (String slot : pattern.slots()) {
            capacity = capacity > Long.MAX_VALUE / 64 ? capacity : capacity * slot.length();
        }
        return capacity;
    }
}
