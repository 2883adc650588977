package dev.doppel.codec.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doppel.codec.BadRecordException;
import dev.doppel.codec.Row;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AvroRowCodecTest {

    private static final Schema EVENT = new Schema.Parser().parse("""
            {"type": "record", "name": "Event", "namespace": "test", "fields": [
              {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "count", "type": "int"},
              {"name": "total", "type": "long"},
              {"name": "ratio", "type": "float"},
              {"name": "score", "type": "double"},
              {"name": "ok", "type": "boolean"},
              {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B", "C"]}},
              {"name": "payload", "type": "bytes"},
              {"name": "hash", "type": {"type": "fixed", "name": "Hash", "size": 4}},
              {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "atMicros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
              {"name": "note", "type": ["null", "string"], "default": null},
              {"name": "either", "type": ["int", "string"]},
              {"name": "user", "type": {"type": "record", "name": "User", "fields": [
                {"name": "name", "type": "string"},
                {"name": "address", "type": ["null", {"type": "record", "name": "Address", "fields": [
                  {"name": "city", "type": "string"},
                  {"name": "zip", "type": ["null", "int"]}
                ]}], "default": null}
              ]}}
            ]}""");

    @Test
    void nestedRecordsFlattenToDottedPathsAndAvroTypesBecomeRowTypes() {
        AvroRowCodec codec = new AvroRowCodec(EVENT);
        Row row = codec.decode(binary(sampleEvent(true)));

        assertThat(row.values().keySet()).containsExactly("id", "count", "total", "ratio", "score", "ok", "kind", "payload",
                "hash", "price", "day", "at", "atMicros", "note", "either", "user.name", "user.address.city", "user.address.zip");
        assertThat(row.get("count")).isEqualTo(3L);
        assertThat(row.get("ratio")).isEqualTo(0.5);
        assertThat(row.get("kind")).isEqualTo("B");
        assertThat(row.get("payload")).isEqualTo("AQID"); // base64 of 01 02 03
        assertThat(row.get("price")).isEqualTo(12.34);
        assertThat(row.get("day")).isEqualTo(19_000L);
        assertThat(row.get("note")).isNull();
        assertThat(row.get("either")).isEqualTo("x");
        assertThat(row.get("user.address.city")).isEqualTo("Lyon");
        assertThat(row.get("user.address.zip")).isEqualTo(69_001L);
    }

    @Test
    void aNullNestedRecordGivesNullFieldsAndIsNullAgainWhenWritten() {
        AvroRowCodec codec = new AvroRowCodec(EVENT);
        byte[] bytes = binary(sampleEvent(false));
        Row row = codec.decode(bytes);

        assertThat(row.get("user.address.city")).isNull();
        assertThat(row.get("user.address.zip")).isNull();
        assertThat(codec.encode(row)).isEqualTo(bytes);
    }

    @Test
    void writingADecodedRowGivesTheSameBytes() {
        AvroRowCodec codec = new AvroRowCodec(EVENT);
        byte[] bytes = binary(sampleEvent(true));
        assertThat(codec.encode(codec.decode(bytes))).isEqualTo(bytes);
    }

    @Test
    void aDecimalIsRoundedToItsScaleWhenWritten() {
        AvroRowCodec codec = new AvroRowCodec(EVENT);
        Map<String, Object> values = new LinkedHashMap<>(codec.decode(binary(sampleEvent(true))).values());
        values.put("price", 9.999);
        Row back = codec.decode(codec.encode(Row.of(values)));
        assertThat(back.get("price")).isEqualTo(10.0);
    }

    @Test
    void anUnknownEnumSymbolOrAWrongTypeIsABadRecord() {
        AvroRowCodec codec = new AvroRowCodec(EVENT);
        Map<String, Object> values = new LinkedHashMap<>(codec.decode(binary(sampleEvent(true))).values());
        values.put("kind", "Z");
        assertThatThrownBy(() -> codec.encode(Row.of(values)))
                .isInstanceOf(BadRecordException.class)
                .satisfies(e -> assertThat(((BadRecordException) e).reason()).isEqualTo("wrong-type"))
                .hasMessageContaining("kind");
    }

    @Test
    void bytesThatAreNotTheRecordAreABadRecordNotACrash() {
        AvroRowCodec codec = new AvroRowCodec(EVENT);
        byte[] bytes = binary(sampleEvent(true));
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(BadRecordException.class)
                .satisfies(e -> assertThat(((BadRecordException) e).reason()).isEqualTo("undecodable"));
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> codec.decode(longer)).isInstanceOf(BadRecordException.class);
    }

    @Test
    void arraysAndMapsAreRefusedWithTheFieldNamed() {
        Schema withArray = SchemaBuilder.record("R").fields().name("tags").type().array().items().stringType().noDefault().endRecord();
        assertThatThrownBy(() -> new AvroRowCodec(withArray)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tags");
    }

    /** Random record schemas of every supported type, random values: decode then encode gives the same bytes. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void everyGeneratedSchemaRoundTripsByteForByte(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Schema schema = RandomSchemas.record(random, "R" + seed, 0);
        AvroRowCodec codec = new AvroRowCodec(schema);
        for (int i = 0; i < 50; i++) {
            byte[] bytes = binary(RandomSchemas.value(random, schema));
            assertThat(codec.encode(codec.decode(bytes))).as("schema %s", schema).isEqualTo(bytes);
        }
    }

    private static GenericRecord sampleEvent(boolean withAddress) {
        GenericData.Record user = new GenericData.Record(EVENT.getField("user").schema());
        user.put("name", "Ada");
        if (withAddress) {
            GenericData.Record address = new GenericData.Record(user.getSchema().getField("address").schema().getTypes().get(1));
            address.put("city", "Lyon");
            address.put("zip", 69_001);
            user.put("address", address);
        }
        GenericData.Record event = new GenericData.Record(EVENT);
        event.put("id", "0b6c4f4e-3f0a-4c5e-9d8a-2d1f3e4a5b6c");
        event.put("count", 3);
        event.put("total", 1L << 40);
        event.put("ratio", 0.5f);
        event.put("score", -2.25);
        event.put("ok", true);
        event.put("kind", new GenericData.EnumSymbol(EVENT.getField("kind").schema(), "B"));
        event.put("payload", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        event.put("hash", new GenericData.Fixed(EVENT.getField("hash").schema(), new byte[] {9, 8, 7, 6}));
        Schema price = EVENT.getField("price").schema();
        event.put("price", new Conversions.DecimalConversion().toBytes(new BigDecimal("12.34"), price, price.getLogicalType()));
        event.put("day", 19_000);
        event.put("at", 1_700_000_000_000L);
        event.put("atMicros", 1_700_000_000_000_123L);
        event.put("note", null);
        event.put("either", "x");
        event.put("user", user);
        return event;
    }

    static byte[] binary(GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Seeded generators of record schemas (every type rows carry) and of values for them. */
    static final class RandomSchemas {

        private RandomSchemas() {
        }

        static Schema record(SplittableRandom random, String name, int depth) {
            List<Schema.Field> fields = new ArrayList<>();
            int count = 1 + random.nextInt(6);
            for (int i = 0; i < count; i++) {
                Schema type = depth < 2 && random.nextInt(6) == 0 ? record(random, name + "_" + i, depth + 1) : scalar(random, name + "_" + i);
                if (random.nextInt(3) == 0) {
                    type = Schema.createUnion(Schema.create(Schema.Type.NULL), type);
                }
                fields.add(new Schema.Field("f" + i, type));
            }
            return Schema.createRecord(name, null, "gen", false, fields);
        }

        private static Schema scalar(SplittableRandom random, String name) {
            return switch (random.nextInt(12)) {
                case 0 -> Schema.create(Schema.Type.INT);
                case 1 -> Schema.create(Schema.Type.LONG);
                case 2 -> Schema.create(Schema.Type.FLOAT);
                case 3 -> Schema.create(Schema.Type.DOUBLE);
                case 4 -> Schema.create(Schema.Type.BOOLEAN);
                case 5 -> Schema.create(Schema.Type.STRING);
                case 6 -> Schema.create(Schema.Type.BYTES);
                case 7 -> Schema.createEnum(name + "E", null, "gen", List.of("X", "Y", "Z"));
                case 8 -> Schema.createFixed(name + "F", null, "gen", 1 + random.nextInt(8));
                case 9 -> LogicalTypes.decimal(1 + random.nextInt(15), 0).addToSchema(Schema.create(Schema.Type.BYTES));
                case 10 -> LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
                default -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            };
        }

        static GenericRecord value(SplittableRandom random, Schema record) {
            return recordValue(random, record);
        }

        private static GenericRecord recordValue(SplittableRandom random, Schema record) {
            GenericData.Record value = new GenericData.Record(record);
            for (Schema.Field field : record.getFields()) {
                value.put(field.pos(), anyValue(random, field.schema()));
            }
            return value;
        }

        private static Object anyValue(SplittableRandom random, Schema schema) {
            return switch (schema.getType()) {
                case UNION -> random.nextBoolean() ? null : anyValue(random, schema.getTypes().get(1));
                case RECORD -> recordValue(random, schema);
                case INT -> random.nextInt();
                case LONG -> random.nextLong();
                case FLOAT -> (float) random.nextDouble(-1e6, 1e6);
                case DOUBLE -> random.nextDouble(-1e12, 1e12);
                case BOOLEAN -> random.nextBoolean();
                case STRING -> Long.toString(random.nextLong(), 36);
                case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(random.nextInt(3)));
                case FIXED -> {
                    byte[] bytes = new byte[schema.getFixedSize()];
                    random.nextBytes(bytes);
                    yield new GenericData.Fixed(schema, bytes);
                }
                case BYTES -> {
                    if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
                        long bound = (long) Math.pow(10, decimal.getPrecision());
                        BigDecimal number = BigDecimal.valueOf(random.nextLong(-bound + 1, bound));
                        yield new Conversions.DecimalConversion().toBytes(number, schema, decimal);
                    }
                    byte[] bytes = new byte[random.nextInt(6)];
                    random.nextBytes(bytes);
                    yield ByteBuffer.wrap(bytes);
                }
                default -> throw new IllegalStateException(schema.toString());
            };
        }
    }
}
