package dev.doppel.testing;

import java.lang.reflect.Field;
import java.util.Random;
import org.apache.datasketches.kll.KllSketch;

/**
 * Makes KLL sketches reproducible. A KLL compaction keeps the odd or the even items by a coin flip,
 * and datasketches-java 6.2.0 draws those flips from one static, unseeded {@code KllSketch.random}.
 * Seeding it before a test builds its sketches makes the test's sketches, and so its pass or fail,
 * the same on every run; the test's tolerance still comes from the sketch's error bound.
 */
public final class KllSeed {

    private KllSeed() {
    }

    public static void set(long seed) {
        try {
            Field field = KllSketch.class.getDeclaredField("random");
            field.setAccessible(true);
            ((Random) field.get(null)).setSeed(seed);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("datasketches-java changed how KLL draws its coin flips; "
                    + "find the new way to seed them", e);
        }
    }
}
