package dev.doppel.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.codec.EventFile;
import dev.doppel.codec.Row;
import dev.doppel.model.FieldModel;
import dev.doppel.model.ModelBuilder;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.profile.FieldRole;
import dev.doppel.stats.ShapeStats;
import dev.doppel.stats.TopicStats;
import dev.doppel.stats.WindowStats;
import dev.doppel.testing.RealData;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Minneapolis stops through the learner's path without Kafka (rows and their idNum as record
 * key → statistics → model → sampler): not one real idNum in the model's bytes, the sampled values
 * or the sampled keys.
 */
class NoRealIdentifierTest {

    private static final Set<String> REAL_IDS = new HashSet<>();
    private static ModelSnapshot model;
    private static byte[] modelBytes;

    @BeforeAll
    static void learnTheStops() {
        EventFile stops = RealData.openMplsStops();
        WindowStats window = new WindowStats(0, Long.MAX_VALUE);
        stops.read((line, reason, message) -> { }, (Row row, long line) -> {
            String id = (String) row.get("idNum");
            REAL_IDS.add(id);
            window.observe(row, line);
            window.observeKey(id.getBytes(StandardCharsets.UTF_8), row);
        });
        TopicStats stats = new TopicStats("stops", Long.MAX_VALUE);
        stats.add(window);
        modelBytes = ModelFormat.toBytes(new ModelBuilder(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).build(stats));
        model = ModelFormat.fromBytes(modelBytes);
    }

    @Test
    void theModelHoldsNoRealIdNum() {
        assertThat(model.field("idNum").role()).isEqualTo(FieldRole.IDENTIFIER);
        assertThat(model.key().role()).isEqualTo(FieldRole.IDENTIFIER);
        // Every 9-character window of the snapshot's bytes, checked against every real idNum (all are 9 long).
        String text = new String(modelBytes, StandardCharsets.ISO_8859_1);
        Set<String> windows = new HashSet<>();
        for (int i = 0; i + 9 <= text.length(); i++) {
            windows.add(text.substring(i, i + 9));
        }
        assertThat(REAL_IDS).allSatisfy(id -> assertThat(id).hasSize(9));
        assertThat(real(windows)).isEmpty();
    }

    @Test
    void sampledIdNumsAndKeysAreUniqueInTheRealShapeAndNoneIsReal() {
        EventSampler sampler = EventSampler.seeded(model, 42);
        KeySampler keys = KeySampler.seeded(model, 42);
        Set<String> ids = new HashSet<>();
        Set<String> sampledKeys = new HashSet<>();
        int n = REAL_IDS.size();
        for (int i = 0; i < n; i++) {
            ids.add((String) sampler.next().get("idNum"));
            sampledKeys.add(keys.nextText());
        }
        assertThat(ids).hasSize(n).allSatisfy(id -> assertThat(ShapeStats.mask(id)).isEqualTo("99-999999"));
        assertThat(real(ids)).isEmpty();
        assertThat(sampledKeys).hasSize(n);
        assertThat(real(sampledKeys)).isEmpty();
    }

    /** The real idNums among {@code values} (a hash lookup each: AssertJ's containment checks are quadratic). */
    private static Set<String> real(Set<String> values) {
        Set<String> real = new HashSet<>(values);
        real.retainAll(REAL_IDS);
        return real;
    }

    @Test
    void keysFollowTheMadeUpIdNumTheSourceWasKeyedBy() {
        assertThat(model.keyField()).isEqualTo("idNum");
        EventSampler sampler = EventSampler.seeded(model, 5);
        KeySampler keys = KeySampler.seeded(model, 5);
        for (int i = 0; i < 1_000; i++) {
            Row row = sampler.next();
            assertThat(new String(keys.next(row), StandardCharsets.UTF_8)).isEqualTo(row.get("idNum"));
        }
    }

    @Test
    void sampledCoordinatesKeepTheRealPrecisionAndBounds() {
        FieldModel lat = model.field("lat");
        EventSampler sampler = EventSampler.seeded(model, 7);
        for (int i = 0; i < 10_000; i++) {
            double value = (Double) sampler.next().get("lat");
            assertThat(value).isBetween(lat.min(), lat.max());
            assertThat(BigDecimal.valueOf(value).stripTrailingZeros().scale()).isLessThanOrEqualTo(lat.decimals());
        }
        assertThat(lat.decimals()).isEqualTo(8);
    }
}
