package dev.doppel.codec.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.doppel.codec.BadRecordException;
import dev.doppel.codec.registry.SchemaRegistryClient;
import dev.doppel.testing.SharedRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** Avro record keys in the wire format, written and read back through a real Apicurio registry. */
class RegistryKeyCodecIT {

    private final SchemaRegistryClient registry = SharedRegistry.client();

    @Test
    void aStringKeyRoundTripsWithItsSchemaAndTheWireFormatsHeader() {
        Schema string = Schema.create(Schema.Type.STRING);
        RegistryKeyCodec writer = RegistryKeyCodec.forWriting(registry, "key-codec-it-string-key", string);

        byte[] bytes = writer.encode("flight-Zürich-42");
        RegistryKeyCodec.Key key = RegistryKeyCodec.forReading(SharedRegistry.client()).decode(bytes);

        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(writer.writeSchemaId());
        assertThat(RegistryKeyCodec.isWireFormat(bytes)).isTrue();
        assertThat(key.text()).isEqualTo("flight-Zürich-42");
        assertThat(new Schema.Parser().parse(key.schema())).isEqualTo(string);
        assertThat(registry.schemaById(writer.writeSchemaId()).text()).contains("string");
    }

    @Test
    void longAndIntKeysRoundTripTheirDigits() {
        RegistryKeyCodec longs = RegistryKeyCodec.forWriting(registry, "key-codec-it-long-key", Schema.create(Schema.Type.LONG));
        RegistryKeyCodec ints = RegistryKeyCodec.forWriting(registry, "key-codec-it-int-key", Schema.create(Schema.Type.INT));
        RegistryKeyCodec reader = RegistryKeyCodec.forReading(SharedRegistry.client());

        assertThat(reader.decode(longs.encode("1234567890123")).text()).isEqualTo("1234567890123");
        assertThat(reader.decode(longs.encode("-7")).text()).isEqualTo("-7");
        assertThat(reader.decode(ints.encode("42")).text()).isEqualTo("42");
        assertThat(reader.decode(ints.encode(String.valueOf(Integer.MIN_VALUE))).text()).isEqualTo(String.valueOf(Integer.MIN_VALUE));
        assertThat(new Schema.Parser().parse(reader.decode(longs.encode("1")).schema())).isEqualTo(Schema.create(Schema.Type.LONG));
    }

    @Test
    void textThatIsNotANumberBecomesTheSameNonNegativeNumberEveryTimeAndDistinctTextsMostlyDistinctOnes() {
        RegistryKeyCodec longs = RegistryKeyCodec.forWriting(registry, "key-codec-it-long-key", Schema.create(Schema.Type.LONG));
        RegistryKeyCodec ints = RegistryKeyCodec.forWriting(registry, "key-codec-it-int-key", Schema.create(Schema.Type.INT));
        RegistryKeyCodec reader = RegistryKeyCodec.forReading(SharedRegistry.client());

        assertThat(longs.encode("AB-12")).isEqualTo(longs.encode("AB-12"));
        assertThat(Long.parseLong(reader.decode(longs.encode("AB-12")).text())).isNotNegative();
        long outOfRange = Long.parseLong(reader.decode(ints.encode("99999999999")).text());
        assertThat(outOfRange).isBetween(0L, (long) Integer.MAX_VALUE);
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            numbers.add(reader.decode(ints.encode("k-" + i)).text());
        }
        // 10,000 hashes into 2^31 values: the expected number of collisions is about 10^8 / 2^32 = 0.02.
        assertThat(numbers).hasSizeGreaterThanOrEqualTo(9_998);
    }

    @Test
    void aRecordKeyOfPrimitiveFieldsReadsFieldByFieldAndIsWrittenFromJsonText() {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "OrderKey", "namespace": "test", "fields": [
                  {"name": "region", "type": "string"}, {"name": "order", "type": "long"},
                  {"name": "shard", "type": ["null", "int"], "default": null}]}""");
        RegistryKeyCodec writer = RegistryKeyCodec.forWriting(registry, "key-codec-it-record-key", schema);
        RegistryKeyCodec reader = RegistryKeyCodec.forReading(SharedRegistry.client());

        RegistryKeyCodec.Key key = reader.decode(writer.encode("{\"region\": \"eu\", \"order\": \"17\", \"shard\": null}"));
        RegistryKeyCodec.Key plain = reader.decode(writer.encode("42"));

        assertThat(key.text()).isEqualTo("{\"region\": \"eu\", \"order\": 17, \"shard\": null}");
        assertThat(new Schema.Parser().parse(key.schema())).isEqualTo(schema);
        assertThat(key.fields()).containsOnlyKeys("region", "order", "shard").containsEntry("region", "eu").containsEntry("order", 17L);
        assertThat(key.fields().get("shard")).isNull();
        // Text that is no JSON object (an entity's made-up key) is every field's value.
        assertThat(plain.fields()).containsExactly(Map.entry("region", "42"), Map.entry("order", 42L), Map.entry("shard", 42));
    }

    @Test
    void aRecordKeyWithOtherFieldsReadsAsItsJsonTextWithoutASchemaAndIsNotWritten() throws Exception {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "GeoKey", "namespace": "test", "fields": [
                  {"name": "region", "type": "string"}, {"name": "lat", "type": "double"}]}""");
        int id = registry.register("key-codec-it-geo-key", dev.doppel.codec.registry.Schema.avro(schema.toString()));
        GenericRecord record = new GenericData.Record(schema);
        record.put("region", "eu");
        record.put("lat", 47.5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();

        RegistryKeyCodec.Key key = RegistryKeyCodec.forReading(registry).decode(out.toByteArray());

        assertThat(key.text()).isEqualTo("{\"region\": \"eu\", \"lat\": 47.5}");
        assertThat(key.schema()).isNull();
        assertThat(key.fields()).isNull();
        assertThatThrownBy(() -> RegistryKeyCodec.forWriting(registry, "key-codec-it-geo-key", schema))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test.GeoKey");
    }

    @Test
    void keysThatClaimTheWireFormatButCannotBeReadAreBadRecordsWithKeyReasons() {
        RegistryKeyCodec writer = RegistryKeyCodec.forWriting(registry, "key-codec-it-string-key", Schema.create(Schema.Type.STRING));
        RegistryKeyCodec reader = RegistryKeyCodec.forReading(SharedRegistry.client());
        byte[] good = writer.encode("abc");
        byte[] leftOver = ByteBuffer.allocate(good.length + 1).put(good).put((byte) 2).array();

        BadRecordException unknown = catchThrowableOfType(BadRecordException.class,
                () -> reader.decode(header(writer.writeSchemaId() + 1_000_000, 0x02, 0x41)));
        BadRecordException cut = catchThrowableOfType(BadRecordException.class,
                () -> reader.decode(header(writer.writeSchemaId(), 0xff, 0xff)));
        BadRecordException extra = catchThrowableOfType(BadRecordException.class, () -> reader.decode(leftOver));
        BadRecordException text = catchThrowableOfType(BadRecordException.class, () -> reader.decode("abcdef".getBytes()));

        assertThat(unknown.reason()).isEqualTo("key-unknown-schema-id");
        assertThat(cut.reason()).isEqualTo("key-undecodable");
        assertThat(extra.reason()).isEqualTo("key-undecodable");
        assertThat(text.reason()).isEqualTo("key-no-magic-byte");
        assertThat(RegistryKeyCodec.isWireFormat("abcdef".getBytes())).isFalse();
        assertThat(RegistryKeyCodec.isWireFormat(new byte[] {0, 0, 0})).isFalse();
    }

    @Test
    void keySubjectsFollowTheStrategy() {
        Schema string = Schema.create(Schema.Type.STRING);

        assertThat(AvroSchemas.keySubject(AvroSchemas.SubjectStrategy.TOPIC, "orders.mirror", string)).isEqualTo("orders.mirror-key");
        assertThat(AvroSchemas.keySubject(AvroSchemas.SubjectStrategy.RECORD, "orders.mirror", string)).isEqualTo("string");
        assertThat(AvroSchemas.keySubject(AvroSchemas.SubjectStrategy.TOPIC_RECORD, "orders.mirror", string)).isEqualTo("orders.mirror-string");
    }

    private static byte[] header(int id, int... payload) {
        ByteBuffer bytes = ByteBuffer.allocate(5 + payload.length);
        bytes.put((byte) 0).putInt(id);
        for (int b : payload) {
            bytes.put((byte) b);
        }
        return bytes.array();
    }
}
