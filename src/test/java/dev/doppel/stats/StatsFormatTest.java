package dev.doppel.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.codec.EventFile;
import dev.doppel.codec.Row;
import dev.doppel.testing.KllSeed;
import dev.doppel.testing.RealData;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StatsFormatTest {

    private static final long DAY = 86_400_000L;

    /** The storms file, one window per year of observations (record time = the row's year). */
    private static TopicStats storms;
    private static WindowStats stormsOf2005;

    @BeforeAll
    static void learnTheStormsFile() {
        KllSeed.set(2005);
        storms = new TopicStats("storms", 366 * DAY);
        EventFile file = RealData.open(RealData.STORMS);
        Map<Long, WindowStats> years = new TreeMap<>();
        file.read((line, reason, message) -> { }, (row, line) -> {
            long year = (Long) row.get("year");
            long start = LocalDate.of((int) year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            long timestamp = start + ((Long) row.get("month") * 31 + (Long) row.get("day")) * DAY;
            years.computeIfAbsent(year, y -> new WindowStats(start, start + 366 * DAY)).observe(row, timestamp);
        });
        years.values().forEach(storms::add);
        stormsOf2005 = years.get(2005L);
    }

    @Test
    void aWindowReportReadsBackWithEveryCountAndSketchAnswerTheSame() {
        WindowStats read = StatsFormat.windowStatsFromBytes(StatsFormat.toBytes(stormsOf2005));

        assertThat(read.windowStart()).isEqualTo(stormsOf2005.windowStart());
        assertThat(read.windowEnd()).isEqualTo(stormsOf2005.windowEnd());
        assertThat(read.events()).isEqualTo(stormsOf2005.events());
        assertThat(read.minTimestamp()).isEqualTo(stormsOf2005.minTimestamp());
        assertThat(read.maxTimestamp()).isEqualTo(stormsOf2005.maxTimestamp());
        assertSameFields(read.fields(), stormsOf2005.fields());
    }

    @Test
    void topicStatisticsReadBackWithEveryCountTimelineAndSketchAnswerTheSame() {
        TopicStats read = StatsFormat.topicStatsFromBytes(StatsFormat.toBytes(storms));

        assertThat(read.sourceTopic()).isEqualTo("storms");
        assertThat(read.windowSizeMs()).isEqualTo(366 * DAY);
        // The file spans 46 years, 1975 to 2020, every one with observations.
        assertThat(read.windowReports()).isEqualTo(storms.windowReports()).isEqualTo(46);
        assertThat(read.events()).isEqualTo(storms.events()).isEqualTo(11_859);
        assertThat(read.minTimestamp()).isEqualTo(storms.minTimestamp());
        assertThat(read.maxTimestamp()).isEqualTo(storms.maxTimestamp());
        assertThat(read.timeline()).isEqualTo(storms.timeline()).hasSize(46);
        assertSameFields(read.fields(), storms.fields());
    }

    @Test
    void theStormsStatisticsHaveEveryKindOfPartToWrite() {
        // So that the round trips above cover nulls, longs, doubles, texts, timestamps and both sketches.
        assertThat(storms.fields().get("tropicalstorm_force_diameter").nulls()).isEqualTo(6_509);
        assertThat(storms.fields().get("wind").longs()).isEqualTo(11_859);
        assertThat(storms.fields().get("lat").doubles()).isEqualTo(11_859);
        assertThat(storms.fields().get("status").texts()).isEqualTo(11_859);
        assertThat(storms.fields().get("ts").timestamps()).isEqualTo(11_859);
        assertThat(storms.fields().get("ts").numberSketch().isEstimationMode()).isTrue();
    }

    @Test
    void anEmptyWindowAndAFieldWithoutSketchesReadBack() {
        WindowStats empty = new WindowStats(0, 1_000);
        WindowStats onlyNulls = new WindowStats(0, 1_000);
        onlyNulls.observe(Row.of(new HashMap<>(Collections.singletonMap("gone", null))), 5);
        FieldStats booleans = new FieldStats("flag");
        booleans.observe(true);

        WindowStats readEmpty = StatsFormat.windowStatsFromBytes(StatsFormat.toBytes(empty));
        WindowStats readNulls = StatsFormat.windowStatsFromBytes(StatsFormat.toBytes(onlyNulls));

        assertThat(readEmpty.events()).isZero();
        assertThat(readEmpty.minTimestamp()).isEqualTo(Long.MAX_VALUE);
        assertThat(readEmpty.maxTimestamp()).isEqualTo(Long.MIN_VALUE);
        assertThat(readEmpty.fields()).isEmpty();
        FieldStats gone = readNulls.fields().get("gone");
        assertThat(gone.count()).isEqualTo(1);
        assertThat(gone.nulls()).isEqualTo(1);
        assertThat(gone.numberSketch()).isNull();
        assertThat(gone.itemSketch()).isNull();
        assertThat(gone.timestampFormat()).isNull();
    }

    @Test
    void theNewestKeySchemaReadsBackAndWinsTheMerge() {
        WindowStats older = new WindowStats(0, 1_000);
        older.observeKeyText("7", Row.of(Map.of("sensor", 7L)));
        older.observeKeySchema("\"string\"", 10);
        WindowStats newer = new WindowStats(1_000, 2_000);
        newer.observeKeyText("8", Row.of(Map.of("sensor", 8L)));
        newer.observeKeySchema("\"long\"", 1_500);

        WindowStats readOlder = StatsFormat.windowStatsFromBytes(StatsFormat.toBytes(older));
        TopicStats topic = new TopicStats("readings", 1_000);
        topic.add(StatsFormat.windowStatsFromBytes(StatsFormat.toBytes(newer)));
        topic.add(readOlder);
        TopicStats readTopic = StatsFormat.topicStatsFromBytes(StatsFormat.toBytes(topic));

        assertThat(readOlder.keySchema()).isEqualTo("\"string\"");
        assertThat(readOlder.keySchemaTimestamp()).isEqualTo(10);
        assertThat(readOlder.keyMatches()).containsExactly(Map.entry("sensor", 1L));
        assertThat(readTopic.keySchema()).isEqualTo("\"long\"");
        assertThat(readTopic.keySchemaTimestamp()).isEqualTo(1_500);
        assertThat(readTopic.keyField()).isEqualTo("sensor");
    }

    @Test
    void recordKeyFieldsAndTheValueFieldsTheyEqualReadBackAndMerge() {
        WindowStats first = new WindowStats(0, 1_000);
        WindowStats second = new WindowStats(1_000, 2_000);
        for (int i = 0; i < 100; i++) {
            Map<String, Object> key = new java.util.LinkedHashMap<>();
            key.put("region", i % 2 == 0 ? "eu" : "us");
            key.put("order", 5_000L + i);
            Row row = Row.of(Map.of("order_id", 5_000L + i, "amount", 3.0));
            (i < 60 ? first : second).observeKeyFields(key, row);
        }

        TopicStats topic = new TopicStats("orders", 1_000);
        topic.add(StatsFormat.windowStatsFromBytes(StatsFormat.toBytes(first)));
        topic.add(StatsFormat.windowStatsFromBytes(StatsFormat.toBytes(second)));
        TopicStats read = StatsFormat.topicStatsFromBytes(StatsFormat.toBytes(topic));

        assertThat(read.keyFields()).containsOnlyKeys("region", "order");
        assertThat(read.keyFields().get("order").count()).isEqualTo(100);
        assertThat(read.keyFields().get("region").distinct()).isEqualTo(2);
        assertThat(read.keyFieldMatches()).containsExactly(Map.entry("order", Map.of("order_id", 100L)));
        assertThat(read.valueFieldOfKeyField("order")).isEqualTo("order_id");
        assertThat(read.valueFieldOfKeyField("region")).isNull();
    }

    @Test
    void statisticsWrittenBeforeKeySchemasStillReadWithNone() throws Exception {
        org.apache.avro.Schema.Parser parser = new org.apache.avro.Schema.Parser();
        org.apache.avro.Schema oldWindow = StatsFormat.parse(parser, "/schemas/old/window-stats-1.avsc");
        org.apache.avro.Schema oldTopic = StatsFormat.parse(parser, "/schemas/old/topic-stats-1.avsc");

        WindowStats window = StatsFormat.windowStatsFromBytes(rewrite(StatsFormat.toBytes(stormsOf2005), StatsFormat.WINDOW_STATS, oldWindow));
        TopicStats topic = StatsFormat.topicStatsFromBytes(rewrite(StatsFormat.toBytes(storms), StatsFormat.TOPIC_STATS, oldTopic));

        assertThat(window.events()).isEqualTo(stormsOf2005.events());
        assertSameFields(window.fields(), stormsOf2005.fields());
        assertThat(window.keySchema()).isNull();
        assertThat(topic.events()).isEqualTo(storms.events());
        assertThat(topic.keySchema()).isNull();
        assertThat(topic.keyFields()).isEmpty();
    }

    /** The record in {@code bytes} written again with {@code older}, a schema of a subset of its fields. */
    private static byte[] rewrite(byte[] bytes, org.apache.avro.Schema current, org.apache.avro.Schema older) throws Exception {
        org.apache.avro.generic.GenericRecord record = new org.apache.avro.message.BinaryMessageDecoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), current).decode(bytes);
        org.apache.avro.generic.GenericData.Record old = new org.apache.avro.generic.GenericData.Record(older);
        for (org.apache.avro.Schema.Field field : older.getFields()) {
            old.put(field.name(), record.get(field.name()));
        }
        java.nio.ByteBuffer buffer = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), older).encode(old);
        return Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
    }

    @Test
    void theBytesAreAvroSingleObjectEncoding() {
        // C3 01, then the schema's 8-byte fingerprint: the version of the format.
        byte[] window = StatsFormat.toBytes(stormsOf2005);
        byte[] topic = StatsFormat.toBytes(storms);

        assertThat(window).startsWith((byte) 0xC3, (byte) 0x01);
        assertThat(topic).startsWith((byte) 0xC3, (byte) 0x01);
        assertThat(Arrays.copyOfRange(window, 2, 10)).isNotEqualTo(Arrays.copyOfRange(topic, 2, 10));
    }

    @Test
    void theSerdesRoundTripAndPassNullsThrough() {
        Serde<WindowStats> windows = StatsFormat.windowStatsSerde();
        Serde<TopicStats> topics = StatsFormat.topicStatsSerde();

        WindowStats window = windows.deserializer().deserialize("t", windows.serializer().serialize("t", stormsOf2005));
        TopicStats topic = topics.deserializer().deserialize("t", topics.serializer().serialize("t", storms));

        assertSameFields(window.fields(), stormsOf2005.fields());
        assertSameFields(topic.fields(), storms.fields());
        assertThat(windows.serializer().serialize("t", null)).isNull();
        assertThat(windows.deserializer().deserialize("t", null)).isNull();
        assertThat(topics.serializer().serialize("t", null)).isNull();
        assertThat(topics.deserializer().deserialize("t", null)).isNull();
    }

    private static void assertSameFields(Map<String, FieldStats> actual, Map<String, FieldStats> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, field) -> assertSameField(actual.get(name), field));
    }

    /** Every count equal, and each sketch gives exactly the answers the original gives. */
    private static void assertSameField(FieldStats actual, FieldStats expected) {
        String name = expected.name();
        assertThat(actual.name()).isEqualTo(name);
        assertThat(new long[] {actual.count(), actual.nulls(), actual.longs(), actual.doubles(), actual.booleans(),
                actual.trues(), actual.texts(), actual.timestamps()})
                .as(name).containsExactly(expected.count(), expected.nulls(), expected.longs(), expected.doubles(),
                        expected.booleans(), expected.trues(), expected.texts(), expected.timestamps());
        assertThat(actual.timestampFormat()).as(name).isEqualTo(expected.timestampFormat());
        assertSameSketch(name, actual.numberSketch(), expected.numberSketch());
        assertSameSketch(name, actual.itemSketch(), expected.itemSketch());
    }

    private static void assertSameSketch(String name, KllDoublesSketch actual, KllDoublesSketch expected) {
        if (expected == null) {
            assertThat(actual).as(name).isNull();
            return;
        }
        assertThat(actual.getN()).as(name).isEqualTo(expected.getN());
        assertThat(actual.getNumRetained()).as(name).isEqualTo(expected.getNumRetained());
        assertThat(actual.getMinItem()).as(name).isEqualTo(expected.getMinItem());
        assertThat(actual.getMaxItem()).as(name).isEqualTo(expected.getMaxItem());
        double[] ranks = new double[101];
        for (int i = 0; i <= 100; i++) {
            ranks[i] = i / 100.0;
        }
        assertThat(actual.getQuantiles(ranks)).as(name).containsExactly(expected.getQuantiles(ranks));
        double[] probes = expected.getQuantiles(ranks);
        for (double probe : probes) {
            assertThat(actual.getRank(probe)).as(name).isEqualTo(expected.getRank(probe));
        }
    }

    private static void assertSameSketch(String name, ItemsSketch<String> actual, ItemsSketch<String> expected) {
        if (expected == null) {
            assertThat(actual).as(name).isNull();
            return;
        }
        assertThat(actual.getStreamLength()).as(name).isEqualTo(expected.getStreamLength());
        assertThat(actual.getNumActiveItems()).as(name).isEqualTo(expected.getNumActiveItems());
        assertThat(actual.getMaximumError()).as(name).isEqualTo(expected.getMaximumError());
        for (ItemsSketch.Row<String> row : expected.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
            assertThat(actual.getEstimate(row.getItem())).as(name + " " + row.getItem()).isEqualTo(row.getEstimate());
        }
    }
}
