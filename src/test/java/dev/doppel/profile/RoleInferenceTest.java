package dev.doppel.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.codec.EventFile;
import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import dev.doppel.stats.FieldStats;
import dev.doppel.stats.WindowStats;
import dev.doppel.testing.RealData;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RoleInferenceTest {

    @Nested
    class OnMadeUpRows {

        @Test
        void nearlyUniqueTextsAreIdentifiers() {
            RoleInference.Inferred inferred = infer(FieldType.STRING, 5_000, i -> "ord-" + (100_000 + i));
            assertThat(inferred.role()).isEqualTo(FieldRole.IDENTIFIER);
            assertThat(inferred.reason()).isEqualTo("100% distinct of 5,000");
        }

        @Test
        void repeatedEmailsAreEntityKeysAndUniqueOnesIdentifiers() {
            Random random = new Random(3);
            assertThat(infer(FieldType.STRING, 5_000, i -> "user" + random.nextInt(300) + "@example.com"))
                    .satisfies(inferred -> {
                        assertThat(inferred.role()).isEqualTo(FieldRole.ENTITY_KEY);
                        assertThat(inferred.reason()).startsWith("email shape, 300 distinct");
                    });
            assertThat(infer(FieldType.STRING, 5_000, i -> "user" + i + "@example.com").role()).isEqualTo(FieldRole.IDENTIFIER);
        }

        @Test
        void phoneNumbersThatRepeatAreStillNeverCategories() {
            Random random = new Random(4);
            RoleInference.Inferred inferred = infer(FieldType.STRING, 5_000,
                    i -> String.format("+1 (612) 555-%04d", random.nextInt(3_000)));
            assertThat(inferred.role()).isEqualTo(FieldRole.IDENTIFIER);
            assertThat(inferred.reason()).startsWith("phone-number shape");
        }

        @Test
        void longTextsWithSpacesAreFreeText() {
            Random random = new Random(5);
            String[] words = {"the", "car", "stopped", "near", "a", "red", "light", "downtown", "driver", "left"};
            RoleInference.Inferred inferred = infer(FieldType.STRING, 2_000, i -> {
                StringBuilder text = new StringBuilder();
                for (int w = 0; w < 8; w++) {
                    text.append(words[random.nextInt(words.length)]).append(' ');
                }
                return text.toString().trim();
            });
            assertThat(inferred.role()).isEqualTo(FieldRole.TEXT);
            assertThat(inferred.reason()).startsWith("free text: 100% with spaces");
        }

        @Test
        void fewLabelsAreCategoricalEvenWhenTheyHaveDigits() {
            assertThat(infer(FieldType.STRING, 5_000, i -> "gate " + (i % 12)).role()).isEqualTo(FieldRole.CATEGORICAL);
            assertThat(infer(FieldType.STRING, 5_000, i -> "G" + (i % 12)).role()).isEqualTo(FieldRole.CATEGORICAL);
        }

        @Test
        void integersAreIdentifiersOrEntityKeysOnlyWhenNamedLikeAnId() {
            assertThat(inferLong("order_id", 3_000, i -> 7_000_000L + i).role()).isEqualTo(FieldRole.IDENTIFIER);
            assertThat(inferLong("customerId", 3_000, i -> (long) (i % 400)).role()).isEqualTo(FieldRole.ENTITY_KEY);
            assertThat(inferLong("amount", 3_000, i -> 7_000_000L + i).role()).isEqualTo(FieldRole.NUMERIC);
            assertThat(inferLong("created_at", 3_000, i -> 1_700_000_000_000L + i).role()).isEqualTo(FieldRole.EVENT_TIME);
        }

        @Test
        void fewValuesSayTooLittleToCallAFieldAnIdentifier() {
            assertThat(infer(FieldType.STRING, RoleInference.MIN_VALUES - 1, i -> "x" + i).role()).isEqualTo(FieldRole.CATEGORICAL);
        }

        @Test
        void anAlwaysNullFieldGetsItsTypesRole() {
            FieldStats stats = new FieldStats("f");
            stats.observeNulls(10);
            assertThat(RoleInference.infer(stats, FieldType.STRING)).isEqualTo(new RoleInference.Inferred(FieldRole.CATEGORICAL, "always null"));
        }

        private RoleInference.Inferred infer(FieldType type, int n, IntFunction<Object> value) {
            FieldStats stats = new FieldStats("f");
            for (int i = 0; i < n; i++) {
                stats.observe(value.apply(i));
            }
            return RoleInference.infer(stats, type);
        }

        private RoleInference.Inferred inferLong(String name, int n, IntFunction<Long> value) {
            FieldStats stats = new FieldStats(name);
            for (int i = 0; i < n; i++) {
                stats.observe(value.apply(i));
            }
            return RoleInference.infer(stats, FieldType.LONG);
        }
    }

    @Nested
    class OnTheRealFiles {

        private static Map<String, FieldStats> flights;
        private static Map<String, FieldStats> storms;

        @BeforeAll
        static void learn() {
            flights = stats(RealData.open(RealData.FLIGHTS));
            storms = stats(RealData.open(RealData.STORMS));
        }

        @Test
        void theMinneapolisStopIdIsAnIdentifierAndTheDateTheEventTime() {
            Map<String, FieldStats> stops = stats(RealData.openMplsStops());
            assertThat(role(stops, "idNum", FieldType.STRING)).isEqualTo(FieldRole.IDENTIFIER);
            assertThat(RoleInference.infer(stops.get("idNum"), FieldType.STRING).reason()).endsWith("distinct of 51,920");
            assertThat(role(stops, "date", FieldType.TIMESTAMP)).isEqualTo(FieldRole.EVENT_TIME);
            assertThat(role(stops, "neighborhood", FieldType.STRING)).isEqualTo(FieldRole.CATEGORICAL);
            assertThat(role(stops, "lat", FieldType.DOUBLE)).isEqualTo(FieldRole.NUMERIC);
        }

        @Test
        void theStormIdIsAnEntityKeyAndTheStatusCategorical() {
            assertThat(role(storms, "storm_id", FieldType.STRING)).isEqualTo(FieldRole.ENTITY_KEY);
            assertThat(RoleInference.infer(storms.get("storm_id"), FieldType.STRING).reason())
                    .isEqualTo("512 distinct id-shaped values of 11,859, about 23 events each");
            assertThat(role(storms, "status", FieldType.STRING)).isEqualTo(FieldRole.CATEGORICAL);
            assertThat(role(storms, "wind", FieldType.LONG)).isEqualTo(FieldRole.NUMERIC);
        }

        @Test
        void theFlightsOriginIsCategoricalAndTheDateTheEventTime() {
            assertThat(role(flights, "origin", FieldType.STRING)).isEqualTo(FieldRole.CATEGORICAL);
            assertThat(role(flights, "destination", FieldType.STRING)).isEqualTo(FieldRole.CATEGORICAL);
            assertThat(role(flights, "date", FieldType.TIMESTAMP)).isEqualTo(FieldRole.EVENT_TIME);
            assertThat(role(flights, "delay", FieldType.LONG)).isEqualTo(FieldRole.NUMERIC);
        }

        private static FieldRole role(Map<String, FieldStats> fields, String name, FieldType type) {
            return RoleInference.infer(fields.get(name), type).role();
        }

        private static Map<String, FieldStats> stats(EventFile file) {
            WindowStats window = new WindowStats(0, Long.MAX_VALUE);
            file.read((line, reason, message) -> { }, (Row row, long line) -> window.observe(row, 0));
            return window.fields();
        }
    }
}
