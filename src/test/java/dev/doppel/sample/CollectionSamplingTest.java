package dev.doppel.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.codec.CollectionPaths;
import dev.doppel.codec.Row;
import dev.doppel.codec.avro.AvroRowCodec;
import dev.doppel.evaluate.Distances;
import dev.doppel.model.Dependency;
import dev.doppel.model.FieldModel;
import dev.doppel.model.ModelBuilder;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.stats.StatsFormat;
import dev.doppel.stats.TopicStats;
import dev.doppel.stats.WindowStats;
import dev.doppel.testing.Tolerances;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arrays and maps from learning to the mirror: made-up Avro records whose lengths and elements follow
 * known distributions are learned (statistics and model through their binary formats), sampled, and
 * the samples compared with the source within tolerances derived from the sample sizes and sketch
 * error ({@link Tolerances}).
 */
class CollectionSamplingTest {

    private static final Schema ORDER = new Schema.Parser().parse("""
            {"type": "record", "name": "Order", "namespace": "test", "fields": [
              {"name": "x", "type": "double"},
              {"name": "y", "type": "double"},
              {"name": "tags", "type": {"type": "array", "items": {"type": "enum", "name": "Colour",
                "symbols": ["red", "green", "blue"]}}},
              {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item", "fields": [
                {"name": "sku", "type": "string"},
                {"name": "qty", "type": "int"}
              ]}}},
              {"name": "attrs", "type": {"type": "map", "values": "long"}},
              {"name": "scores", "type": ["null", {"type": "array", "items": "double"}], "default": null}
            ]}""");

    private static final int N = 20_000;
    private static final int M = 20_000;
    private static final List<String> COLOURS = List.of("red", "green", "blue");
    private static final double[] COLOUR_SHARES = {0.5, 0.3, 0.2};
    private static final List<String> SKUS = List.of("A1", "B2", "C3");
    private static final double[] SKU_SHARES = {0.6, 0.3, 0.1};
    private static final List<String> ATTRIBUTE_KEYS = List.of("colour", "size", "weight", "shape");
    private static final double SCORES_NULL = 0.3;

    private static List<Row> real;
    private static ModelSnapshot model;
    private static List<Row> synthetic;
    private static AvroRowCodec codec;

    @BeforeAll
    static void learnAndSample() {
        codec = new AvroRowCodec(ORDER);
        SplittableRandom random = new SplittableRandom(3);
        real = new ArrayList<>();
        WindowStats window = new WindowStats(0, Long.MAX_VALUE);
        for (int i = 0; i < N; i++) {
            Row row = codec.decode(binary(order(random)));
            real.add(row);
            window.observe(row, i);
        }
        TopicStats stats = new TopicStats("orders", Long.MAX_VALUE);
        stats.add(StatsFormat.windowStatsFromBytes(StatsFormat.toBytes(window)));
        TopicStats restored = StatsFormat.topicStatsFromBytes(StatsFormat.toBytes(stats));
        model = ModelFormat.fromBytes(ModelFormat.toBytes(new ModelBuilder(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).build(restored)));
        EventSampler sampler = EventSampler.seeded(model, 17);
        synthetic = new ArrayList<>();
        for (int i = 0; i < M; i++) {
            synthetic.add(sampler.next());
        }
    }

    /** Lengths: tags Poisson(2.5), items a fixed mix {0: 20%, 1: 50%, 3: 30%}, attrs uniform on 0..3; y follows x. */
    private static GenericRecord order(SplittableRandom random) {
        GenericData.Record order = new GenericData.Record(ORDER);
        double x = random.nextGaussian();
        order.put("x", x);
        order.put("y", 0.8 * x + 0.6 * random.nextGaussian());
        Schema colour = ORDER.getField("tags").schema().getElementType();
        List<Object> tags = new ArrayList<>();
        for (int n = poisson(random, 2.5); n > 0; n--) {
            tags.add(new GenericData.EnumSymbol(colour, COLOURS.get(pick(random, COLOUR_SHARES))));
        }
        order.put("tags", tags);
        Schema item = ORDER.getField("items").schema().getElementType();
        double u = random.nextDouble();
        List<Object> items = new ArrayList<>();
        for (int n = u < 0.2 ? 0 : u < 0.7 ? 1 : 3; n > 0; n--) {
            GenericData.Record one = new GenericData.Record(item);
            one.put("sku", SKUS.get(pick(random, SKU_SHARES)));
            one.put("qty", 1 + random.nextInt(5));
            items.add(one);
        }
        order.put("items", items);
        List<String> keys = new ArrayList<>(ATTRIBUTE_KEYS);
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            attrs.put(keys.remove(random.nextInt(keys.size())), (long) random.nextInt(100));
        }
        order.put("attrs", attrs);
        if (random.nextDouble() >= SCORES_NULL) {
            List<Object> scores = new ArrayList<>();
            for (int n = random.nextInt(3); n > 0; n--) {
                scores.add(Math.round(random.nextDouble() * 1000) / 100.0);
            }
            order.put("scores", scores);
        }
        return order;
    }

    @Test
    void theModelHasALengthMarginalAndElementMarginalsAndKeepsThemOutOfTheJointModel() {
        assertThat(model.fields()).extracting(FieldModel::name).contains("tags[]#length", "tags[]", "items[]#length",
                "items[].sku", "items[].qty", "attrs{}#length", "attrs{}#key", "attrs{}", "scores[]#length", "scores[]");
        assertThat(model.field("tags[]#length").numeric()).isNotNull();
        assertThat(model.field("tags[]").categorical().values()).containsExactlyInAnyOrderElementsOf(COLOURS);
        assertThat(model.field("tags[]").nullRate()).isZero();
        assertThat(model.copula()).isNotNull();
        assertThat(model.copula().fields()).containsExactly("x", "y");
        for (Dependency dependency : model.dependencies()) {
            assertThat(dependency.fields()).noneMatch(CollectionPaths::isDerived);
        }
    }

    @Test
    void sampledLengthsFollowTheSourceWithinKs() {
        for (String length : List.of("tags[]#length", "items[]#length", "attrs{}#length", "scores[]#length")) {
            double[] realLengths = numbers(real, length);
            double[] syntheticLengths = numbers(synthetic, length);
            double ks = dev.doppel.evaluate.Distances.kolmogorovSmirnov(realLengths, syntheticLengths);
            double tolerance = Tolerances.ks(realLengths.length, syntheticLengths.length);
            System.out.printf("%s: KS %.4f (tolerance %.4f)%n", length, ks, tolerance);
            assertThat(ks).as(length).isLessThanOrEqualTo(tolerance);
        }
    }

    @Test
    void aNullableArrayIsNullAsOftenAsInTheSource() {
        double realShare = nullShare(real, "scores[]#length");
        double syntheticShare = nullShare(synthetic, "scores[]#length");
        double tolerance = Tolerances.binomial(realShare, M) + Tolerances.binomial(realShare, N);
        System.out.printf("scores null: real %.4f synthetic %.4f (tolerance %.4f)%n", realShare, syntheticShare, tolerance);
        assertThat(Math.abs(syntheticShare - realShare)).isLessThanOrEqualTo(tolerance);
    }

    @Test
    void sampledElementsFollowTheSourceWithinTvdAndKs() {
        for (String elements : List.of("tags[]", "items[].sku", "attrs{}#key")) {
            Map<String, Long> realCounts = counts(real, elements);
            Map<String, Long> syntheticCounts = counts(synthetic, elements);
            long m = syntheticCounts.values().stream().mapToLong(Long::longValue).sum();
            double tvd = Distances.totalVariation(realCounts, syntheticCounts);
            // The model keeps the source's element counts exactly (fewer than 768 distinct), so the
            // sampled elements are an m-sample of the source's shares. A map's keys are drawn without
            // repeats within a row, which only pulls nearly equal shares closer together.
            double tolerance = Tolerances.tvd(realCounts, m, 0);
            System.out.printf("%s: TVD %.4f (tolerance %.4f) over %d sampled elements%n", elements, tvd, tolerance, m);
            assertThat(tvd).as(elements).isLessThanOrEqualTo(tolerance);
        }
        for (String elements : List.of("items[].qty", "attrs{}", "scores[]")) {
            double[] realValues = numbers(real, elements);
            double[] syntheticValues = numbers(synthetic, elements);
            double ks = dev.doppel.evaluate.Distances.kolmogorovSmirnov(realValues, syntheticValues);
            double tolerance = Tolerances.ks(realValues.length, syntheticValues.length);
            System.out.printf("%s: KS %.4f (tolerance %.4f)%n", elements, ks, tolerance);
            assertThat(ks).as(elements).isLessThanOrEqualTo(tolerance);
        }
    }

    @Test
    void everySampledRowIsARecordOfTheSourceSchema() {
        for (Row row : synthetic) {
            GenericRecord record = read(codec.encode(row));
            assertThat(GenericData.get().validate(ORDER, record)).isTrue();
            assertThat(read(binary(record))).isEqualTo(record); // a GenericDatumWriter round trip
            assertThat(((List<?>) record.get("tags")).size()).isEqualTo(((Number) row.get("tags[]#length")).intValue());
            assertThat(((Map<?, ?>) record.get("attrs")).size()).isEqualTo(((Number) row.get("attrs{}#length")).intValue());
        }
    }

    @Test
    void aMapsKeysAreNeverRepeatedInASampledRow() {
        for (Row row : synthetic) {
            List<?> keys = (List<?>) row.get("attrs{}#key");
            assertThat(keys).doesNotHaveDuplicates().hasSize(((Number) row.get("attrs{}#length")).intValue());
        }
    }

    private static double[] numbers(List<Row> rows, String path) {
        List<Double> values = new ArrayList<>();
        for (Row row : rows) {
            Object value = row.get(path);
            if (value instanceof List<?> list) {
                list.forEach(element -> values.add(((Number) element).doubleValue()));
            } else if (value != null) {
                values.add(((Number) value).doubleValue());
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static Map<String, Long> counts(List<Row> rows, String path) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row row : rows) {
            ((List<?>) row.get(path)).forEach(element -> counts.merge(element.toString(), 1L, Long::sum));
        }
        return counts;
    }

    private static double nullShare(List<Row> rows, String path) {
        return rows.stream().filter(row -> row.get(path) == null).count() / (double) rows.size();
    }

    private static int poisson(SplittableRandom random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    private static int pick(SplittableRandom random, double[] shares) {
        double u = random.nextDouble();
        for (int i = 0; i < shares.length - 1; i++) {
            u -= shares[i];
            if (u < 0) {
                return i;
            }
        }
        return shares.length - 1;
    }

    private static GenericRecord read(byte[] bytes) {
        try {
            return new GenericDatumReader<GenericRecord>(ORDER).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] binary(GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
