package dev.doppel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import dev.doppel.errors.BadInputException;
import dev.doppel.profile.FieldRole;
import dev.doppel.profile.ProfileConfig;
import dev.doppel.stats.FieldStats;
import dev.doppel.stats.StatsFormat;
import dev.doppel.stats.TopicStats;
import dev.doppel.stats.WindowStats;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Roles in the model: what synthesized fields keep (no real value), what numeric ones keep, and profile overrides. */
class RoleModelTest {

    private static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    @Test
    void anIdentifierKeepsItsShapeAndNoneOfItsValuesThroughTheFormat() {
        ModelSnapshot model = ModelFormat.fromBytes(ModelFormat.toBytes(new ModelBuilder(CLOCK).build(orders())));

        FieldModel id = model.field("id");
        assertThat(id.role()).isEqualTo(FieldRole.IDENTIFIER);
        assertThat(id.roleReason()).isEqualTo("100% distinct of 2,000");
        assertThat(id.categorical()).isNull();
        assertThat(id.numeric()).isNull();
        assertThat(id.shape().unique()).isTrue();
        assertThat(id.shape().patterns()).first().satisfies(pattern -> assertThat(pattern.describe()).isEqualTo("ORD-9999"));
        assertThat(model.key().role()).isEqualTo(FieldRole.ENTITY_KEY);
        assertThat(model.key().nullRate()).isEqualTo(0.25);
        assertThat(model.hasKeys()).isTrue();
        // Keys were the customer, a categorical field: copying it would copy real values, so no key field.
        assertThat(model.keyField()).isNull();
    }

    @Test
    void numbersKeepTheirExactBoundsAndPrecisionAndSamplesAreFittedToThem() {
        FieldModel price = new ModelBuilder(CLOCK).build(orders()).field("price");
        assertThat(price.role()).isEqualTo(FieldRole.NUMERIC);
        assertThat(price.decimals()).isEqualTo(2);
        assertThat(price.min()).isEqualTo(0.0);
        assertThat(price.max()).isEqualTo(19.99);
        assertThat(price.fit(3.14159)).isEqualTo(3.14);
        assertThat(price.fit(25.0)).isEqualTo(19.99);
        assertThat(price.fit(-1)).isEqualTo(0.0);
    }

    @Test
    void aProfileRoleWinsOverTheInferredOneWhenTheTypeCanPlayIt() {
        ProfileConfig profile = ProfileConfig.of("test profile", Map.of("customer", FieldRole.IDENTIFIER, "price", FieldRole.BOOLEAN));
        ModelSnapshot model = new ModelBuilder(CLOCK, profile).build(orders());

        assertThat(model.field("customer").role()).isEqualTo(FieldRole.IDENTIFIER);
        assertThat(model.field("customer").roleReason()).isEqualTo(ModelBuilder.FROM_PROFILE);
        assertThat(model.field("customer").categorical()).isNull();
        assertThat(model.field("price").role()).isEqualTo(FieldRole.NUMERIC);
        assertThat(model.field("price").roleReason()).endsWith("the profile's boolean does not fit double values");
    }

    @Test
    void aProfileAtGenerateTimeCanHideValuesButNotBringThemBack() {
        ModelSnapshot model = new ModelBuilder(CLOCK).build(orders());
        assertThat(model.field("customer").role()).isEqualTo(FieldRole.CATEGORICAL);

        ModelSnapshot hidden = ModelBuilder.applyProfile(model, ProfileConfig.of("p", Map.of("customer", FieldRole.ENTITY_KEY)));
        assertThat(hidden.field("customer").role()).isEqualTo(FieldRole.ENTITY_KEY);
        assertThat(hidden.field("customer").categorical()).isNull();
        assertThat(hidden.field("customer").shape()).isNotNull();

        assertThatThrownBy(() -> ModelBuilder.applyProfile(model, ProfileConfig.of("p", Map.of("id", FieldRole.CATEGORICAL))))
                .isInstanceOf(BadInputException.class)
                .hasMessage("field id was learned as identifier, so the model holds none of its values; "
                        + "learn again with --profile to make it categorical");
        assertThatThrownBy(() -> ModelBuilder.applyProfile(model, ProfileConfig.of("p", Map.of("nope", FieldRole.TEXT))))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("p: no field named 'nope'");
    }

    @Test
    void theShapeOfAFewDistinctValuesDoesNotSpellThemOut() {
        FieldStats emails = new FieldStats("email");
        for (int i = 0; i < 300; i++) {
            emails.observe(i % 2 == 0 ? "ann@corp.org" : "bob@corp.org");
        }
        IdentifierShape shape = ModelBuilder.fieldModel(emails, FieldRole.IDENTIFIER).shape();

        List<String> slots = shape.patterns().get(0).slots();
        int fresh = shape.patterns().get(0).freshSlot();
        for (int i = 0; i < slots.size(); i++) {
            if (i != fresh && !slots.get(i).equals("@") && !slots.get(i).equals(".")) {
                assertThat(slots.get(i)).as("slot %d", i).isEqualTo("abcdefghijklmnopqrstuvwxyz");
            }
        }
    }

    @Test
    void aSnapshotWrittenBeforeRolesStillReadsWithTheRolesItsTypesImply() throws Exception {
        Schema v1 = StatsFormat.parse(new Schema.Parser(), "/schemas/old/model-snapshot-1.avsc");
        Schema fieldSchema = v1.getField("fields").schema().getElementType();
        Schema categoricalSchema = fieldSchema.getField("categorical").schema().getTypes().get(1);
        GenericRecord categorical = new GenericData.Record(categoricalSchema);
        categorical.put("values", List.of("ORD"));
        categorical.put("weights", List.of(1.0));
        categorical.put("unseenWeight", 0.0);
        GenericRecord field = new GenericData.Record(fieldSchema);
        field.put("name", "origin");
        field.put("type", new GenericData.EnumSymbol(fieldSchema.getField("type").schema(), "STRING"));
        field.put("nullRate", 0.0);
        field.put("categorical", categorical);
        field.put("trueRate", 0.0);
        GenericRecord snapshot = new GenericData.Record(v1);
        snapshot.put("sourceTopic", "flights");
        snapshot.put("valueFormat", "JSON");
        for (String count : new String[] {"builtAt", "windowSizeMs", "windowReports", "events", "firstEvent", "lastEvent"}) {
            snapshot.put(count, 1L);
        }
        snapshot.put("timeline", List.of());
        snapshot.put("fields", List.of(field));
        ByteBuffer bytes = new BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                GenericData.get(), v1).encode(snapshot);

        ModelSnapshot model = ModelFormat.fromBytes(Arrays.copyOfRange(bytes.array(), bytes.position(), bytes.limit()));

        assertThat(model.field("origin").role()).isEqualTo(FieldRole.CATEGORICAL);
        assertThat(model.field("origin").categorical().values()).containsExactly("ORD");
        assertThat(model.key()).isNull();
        assertThat(model.copula()).isNull();
        assertThat(model.dependencies()).isEmpty();
    }

    @Test
    void aSynthesizedFieldCannotBeBuiltWithRealValues() {
        assertThatThrownBy(() -> new FieldModel("id", FieldType.STRING, null, 0, null,
                new CategoricalMarginal(List.of("a"), new double[] {1}, 0), 0,
                FieldRole.IDENTIFIER, "", 1, -1, Double.NaN, Double.NaN, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not carry real values");
    }

    /** 2,000 orders: a unique id, 40 repeating customers, a price in cents; three keys in four. */
    private static TopicStats orders() {
        WindowStats window = new WindowStats(0, 1_000);
        for (int i = 0; i < 2_000; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("id", "ORD-" + (1000 + i));
            values.put("customer", "c" + (i % 40));
            values.put("price", (i % 2000) / 100.0 % 20);
            window.observe(Row.of(values), i);
            window.observeKey(i % 4 == 0 ? null : ("c" + (i % 40)).getBytes(StandardCharsets.UTF_8), Row.of(values));
        }
        TopicStats stats = new TopicStats("orders", 1_000);
        stats.add(window);
        return stats;
    }
}
