package dev.doppel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.doppel.codec.ValueFormat;
import dev.doppel.codec.EventFile;
import dev.doppel.codec.FieldType;
import dev.doppel.codec.TimestampFormat;
import dev.doppel.errors.BadInputException;
import dev.doppel.stats.FieldStats;
import dev.doppel.stats.StatsFormat;
import dev.doppel.stats.TopicStats;
import dev.doppel.stats.WindowStats;
import dev.doppel.testing.KllSeed;
import dev.doppel.testing.RealData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFormatTest {

    /** A snapshot with a field of every kind, made by hand. */
    private static ModelSnapshot handMade() {
        TreeMap<Long, Long> timeline = new TreeMap<>();
        timeline.put(0L, 12L);
        timeline.put(60_000L, 30L);
        return new ModelSnapshot("flights", ValueFormat.JSON, null, 1_700_000_000_000L, 60_000, 3, 42, 5, 119_999, timeline, List.of(
                new FieldModel("delay", FieldType.LONG, null, 0.0,
                        new NumericMarginal(new double[] {-13, 0, 33}, new double[] {0.2, 0.7, 1.0}), null, 0),
                new FieldModel("share", FieldType.DOUBLE, null, 0.125,
                        new NumericMarginal(new double[] {0.1}, new double[] {1.0}), null, 0),
                new FieldModel("date", FieldType.TIMESTAMP, TimestampFormat.LOCAL_SPACE_SECONDS, 0.5,
                        new NumericMarginal(new double[] {978_307_260_000.0, 978_307_320_000.0}, new double[] {0.25, 1}), null, 0),
                new FieldModel("origin", FieldType.STRING, null, 0.01, null,
                        new CategoricalMarginal(List.of("LAS", "PHL", "Zürich"), new double[] {0.5, 0.3, 0.15}, 0.05), 0),
                new FieldModel("user.ok", FieldType.BOOLEAN, null, 0.25, null, null, 0.75),
                new FieldModel("gone", FieldType.STRING, null, 1.0, null, null, 0)));
    }

    @Test
    void aHandMadeSnapshotReadsBackFieldByField() {
        ModelSnapshot model = handMade();

        assertSameModel(ModelFormat.fromBytes(ModelFormat.toBytes(model)), model);
    }

    @Test
    void aSnapshotLearnedFromTheStormsFileReadsBackFieldByField() {
        KllSeed.set(1975);
        TopicStats stats = new TopicStats("storms", Long.MAX_VALUE / 2);
        WindowStats window = new WindowStats(0, Long.MAX_VALUE / 2);
        EventFile file = RealData.open(RealData.STORMS);
        file.read((line, reason, message) -> { }, (row, line) -> window.observe(row, line));
        stats.add(window);
        ModelSnapshot model = new ModelBuilder(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).build(stats);

        assertThat(model.fields()).extracting(FieldModel::type).contains(
                FieldType.LONG, FieldType.DOUBLE, FieldType.STRING, FieldType.TIMESTAMP);
        assertSameModel(ModelFormat.fromBytes(ModelFormat.toBytes(model)), model);
    }

    @Test
    void theSourcesFormatAndSchemaReadBack() {
        ModelSnapshot json = handMade();
        String schema = "{\"type\":\"record\",\"name\":\"Flight\",\"fields\":[{\"name\":\"delay\",\"type\":\"long\"}]}";
        ModelSnapshot avro = new ModelSnapshot(json.sourceTopic(), ValueFormat.REGISTRY_AVRO, schema, json.builtAt(),
                json.windowSizeMs(), json.windowReports(), json.events(), json.firstEvent(), json.lastEvent(), json.timeline(),
                json.fields());

        ModelSnapshot back = ModelFormat.fromBytes(ModelFormat.toBytes(avro));

        assertThat(back.valueFormat()).isEqualTo(ValueFormat.REGISTRY_AVRO);
        assertThat(back.valueSchema()).isEqualTo(schema);
        assertSameModel(back, avro);
        assertThatThrownBy(() -> new ModelSnapshot("t", ValueFormat.AVRO, null, 0, 1, 0, 0, 0, 0, new TreeMap<>(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs their schema");
    }

    @Test
    void theSourcesKeySchemaReadsBackAndSurvivesTheWithCopies() {
        ModelSnapshot model = handMade().withKeySchema("\"long\"");
        FieldStats order = new FieldStats("order");
        for (int i = 0; i < 50; i++) {
            order.observe(String.valueOf(5_000 + i));
        }
        ModelSnapshot recordKeys = handMade().withKeys("{\"type\": \"record\", \"name\": \"K\", \"fields\": [{\"name\": \"order\", \"type\": \"long\"}]}",
                List.of(new KeyFieldModel(ModelBuilder.keyModel(order), "delay")));

        ModelSnapshot back = ModelFormat.fromBytes(ModelFormat.toBytes(model));
        ModelSnapshot backRecord = ModelFormat.fromBytes(ModelFormat.toBytes(recordKeys));

        assertThat(back.keySchema()).isEqualTo("\"long\"");
        assertThat(back.keyFields()).isEmpty();
        assertThat(backRecord.keySchema()).isEqualTo(recordKeys.keySchema());
        assertThat(backRecord.keyFields()).singleElement().satisfies(field -> {
            assertThat(field.name()).isEqualTo("order");
            assertThat(field.valueField()).isEqualTo("delay");
            assertThat(field.model().role()).isEqualTo(dev.doppel.profile.FieldRole.IDENTIFIER);
            assertThat(field.model().shape().patterns()).isEqualTo(recordKeys.keyFields().get(0).model().shape().patterns());
            assertThat(field.model().shape().distinct()).isEqualTo(50);
        });
        assertThat(back.withFields(back.fields()).withRate(back.rate()).withSequences(null).keySchema()).isEqualTo("\"long\"");
        assertThat(ModelFormat.fromBytes(ModelFormat.toBytes(handMade())).keySchema()).isNull();
    }

    @Test
    void aSnapshotWrittenBeforeKeySchemasStillReadsWithTextKeys() throws Exception {
        org.apache.avro.Schema v2 = StatsFormat.parse(new org.apache.avro.Schema.Parser(), "/schemas/old/model-snapshot-2.avsc");
        org.apache.avro.generic.GenericRecord current = new org.apache.avro.message.BinaryMessageDecoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), ModelFormat.SCHEMA).decode(ModelFormat.toBytes(handMade().withKeySchema("\"long\"")));
        org.apache.avro.generic.GenericData.Record old = new org.apache.avro.generic.GenericData.Record(v2);
        for (org.apache.avro.Schema.Field field : v2.getFields()) {
            old.put(field.name(), current.get(field.name()));
        }
        java.nio.ByteBuffer bytes = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), v2).encode(old);

        ModelSnapshot model = ModelFormat.fromBytes(Arrays.copyOfRange(bytes.array(), bytes.position(), bytes.limit()));

        assertThat(v2.getField("keySchema")).isNull();
        assertThat(model.keySchema()).isNull();
        assertSameModel(model, handMade());
    }

    @Test
    void aModelFileReadsBackAndAMissingOneIsBadInput(@TempDir Path dir) {
        Path file = dir.resolve("flights.model");
        ModelFormat.write(handMade(), file);

        assertSameModel(ModelFormat.read(file), handMade());
        assertThatThrownBy(() -> ModelFormat.read(dir.resolve("missing.model")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("missing.model");
    }

    @Test
    void bytesThatAreNotASnapshotAreBadInput() {
        Random random = new Random(99);
        byte[] noise = new byte[500];
        random.nextBytes(noise);

        for (byte[] garbage : List.of(new byte[0], "{\"sourceTopic\": \"flights\"}".getBytes(), noise,
                new byte[] {(byte) 0xC3, 0x01}, StatsFormat.toBytes(new WindowStats(0, 1)))) {
            assertThatThrownBy(() -> ModelFormat.fromBytes(garbage)).isInstanceOf(BadInputException.class);
        }
    }

    @Test
    void aSnapshotCutShortAnywhereIsBadInput() {
        byte[] bytes = ModelFormat.toBytes(handMade());

        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThat(catchThrowable(() -> ModelFormat.fromBytes(cut))).as("cut to %d bytes", length)
                    .isInstanceOf(BadInputException.class);
        }
    }

    @Test
    void aSnapshotWithACorruptByteIsBadInputOrStillASnapshot() {
        // Some corrupt bytes still decode (a changed digit of a double); none may escape as anything
        // but BadInputException, which the command line turns into a one-line message.
        byte[] bytes = ModelFormat.toBytes(handMade());
        Random random = new Random(7);

        for (int position = 10; position < bytes.length; position++) {
            for (int flip = 0; flip < 8; flip++) {
                byte[] corrupt = bytes.clone();
                corrupt[position] ^= (byte) (1 + random.nextInt(255));
                Throwable thrown = catchThrowable(() -> ModelFormat.fromBytes(corrupt));
                if (thrown != null) {
                    assertThat(thrown).as("byte %d changed to %d", position, corrupt[position])
                            .isInstanceOf(BadInputException.class);
                }
            }
        }
    }

    @Test
    void theStormsSnapshotCarriesItsCopulaAndDependenciesThroughTheFormat() {
        KllSeed.set(1976);
        WindowStats window = new WindowStats(0, Long.MAX_VALUE / 2);
        RealData.open(RealData.STORMS).read((line, reason, message) -> { }, (row, line) -> window.observe(row, line));
        TopicStats stats = new TopicStats("storms", Long.MAX_VALUE / 2);
        stats.add(window);
        ModelSnapshot model = new ModelBuilder(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).build(stats);
        assertThat(model.copula()).isNotNull();
        assertThat(model.dependencies()).isNotEmpty();

        assertSameModel(ModelFormat.fromBytes(ModelFormat.toBytes(model)), model);
    }

    static void assertSameModel(ModelSnapshot actual, ModelSnapshot expected) {
        if (expected.copula() == null) {
            assertThat(actual.copula()).isNull();
        } else {
            assertThat(actual.copula().fields()).isEqualTo(expected.copula().fields());
            assertThat(actual.copula().correlation()).isDeepEqualTo(expected.copula().correlation());
            assertThat(actual.copula().rows()).isEqualTo(expected.copula().rows());
        }
        assertThat(actual.dependencies()).isEqualTo(expected.dependencies());
        assertThat(actual.sourceTopic()).isEqualTo(expected.sourceTopic());
        assertThat(actual.valueFormat()).isEqualTo(expected.valueFormat());
        assertThat(actual.valueSchema()).isEqualTo(expected.valueSchema());
        assertThat(actual.builtAt()).isEqualTo(expected.builtAt());
        assertThat(actual.windowSizeMs()).isEqualTo(expected.windowSizeMs());
        assertThat(actual.windowReports()).isEqualTo(expected.windowReports());
        assertThat(actual.events()).isEqualTo(expected.events());
        assertThat(actual.firstEvent()).isEqualTo(expected.firstEvent());
        assertThat(actual.lastEvent()).isEqualTo(expected.lastEvent());
        assertThat(actual.timeline()).isEqualTo(expected.timeline());
        assertThat(actual.fields()).hasSameSizeAs(expected.fields());
        for (int i = 0; i < expected.fields().size(); i++) {
            FieldModel a = actual.fields().get(i);
            FieldModel e = expected.fields().get(i);
            String name = e.name();
            assertThat(a.name()).isEqualTo(name);
            assertThat(a.type()).as(name).isEqualTo(e.type());
            assertThat(a.timestampFormat()).as(name).isEqualTo(e.timestampFormat());
            assertThat(a.nullRate()).as(name).isEqualTo(e.nullRate());
            assertThat(a.trueRate()).as(name).isEqualTo(e.trueRate());
            assertThat(a.alwaysNull()).as(name).isEqualTo(e.alwaysNull());
            if (e.numeric() == null) {
                assertThat(a.numeric()).as(name).isNull();
            } else {
                assertThat(a.numeric().values()).as(name).containsExactly(e.numeric().values());
                assertThat(a.numeric().cumulative()).as(name).containsExactly(e.numeric().cumulative());
            }
            if (e.categorical() == null) {
                assertThat(a.categorical()).as(name).isNull();
            } else {
                assertThat(a.categorical().values()).as(name).isEqualTo(e.categorical().values());
                assertThat(a.categorical().weights()).as(name).containsExactly(e.categorical().weights());
                assertThat(a.categorical().unseenWeight()).as(name).isEqualTo(e.categorical().unseenWeight());
            }
        }
    }
}
