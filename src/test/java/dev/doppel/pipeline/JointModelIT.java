package dev.doppel.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.EventFile;
import dev.doppel.codec.JsonRowCodec;
import dev.doppel.codec.Row;
import dev.doppel.evaluate.TopicRows;
import dev.doppel.generate.Generator;
import dev.doppel.generate.GeneratorConfig;
import dev.doppel.generate.ModelTopicReader;
import dev.doppel.generate.Pacer;
import dev.doppel.learn.Learner;
import dev.doppel.learn.LearnerConfig;
import dev.doppel.model.Dependency;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.publish.FilePublisher;
import dev.doppel.stats.FieldStats;
import dev.doppel.testing.Correlations;
import dev.doppel.testing.SharedKafka;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The joint model end to end on the embedded broker with real data: the mirror keeps storms'
 * wind~pressure correlation and flights' route → distance dependency, and a topic learned in six
 * partitions gives the same joint model as in one.
 */
class JointModelIT {

    private static final long SEED = 4_2024L;

    @TempDir
    Path workDir;

    @Test
    void theStormsMirrorKeepsTheWindPressureCorrelationAndSixPartitionsLearnWhatOneDoes() throws Exception {
        EventFile file = EventFile.open(copyResource("/data/storms_noaa_hurdat2.csv"), EventFile.Format.CSV);
        List<Row> real = new ArrayList<>();
        file.read((line, reason, message) -> { }, (row, line) -> real.add(row));

        try (KafkaCluster cluster = KafkaCluster.of(SharedKafka.bootstrapServers(), null, Duration.ofSeconds(30))) {
            // The file is ordered by storm, not by time: published at full speed with the publish time as
            // record time, it falls into one or two windows and no event is late.
            ModelSnapshot six = learn(cluster, file, "storms-joint-6", 6, null, "storm_id", Duration.ofHours(1), real.size());
            ModelSnapshot one = learn(cluster, file, "storms-joint-1", 1, null, "storm_id", Duration.ofHours(1), real.size());

            double r = one.copula().correlation("wind", "pressure");
            double tolerance = 3.29 * (1 - r * r) * Math.sqrt(1.0 / one.copula().rows() + 1.0 / six.copula().rows())
                    + FieldStats.NUMBER_RANK_ERROR;
            assertThat(six.copula().correlation("wind", "pressure")).isCloseTo(r, within(tolerance));
            // Both find that the category determines the status (alone, or with the wind that determines both) (storm_id's table depends on how much of the
            // 512 storms each sample covers, so it is not compared).
            for (ModelSnapshot model : List.of(six, one)) {
                assertThat(model.dependencies()).anySatisfy(dependency -> assertThat(dependency.fields()).contains("category", "status"));
            }
            // The marginals merge too: the medians agree within twice the sketches' rank error.
            for (String field : List.of("wind", "pressure", "lat")) {
                double median = one.field(field).numeric().quantile(0.5);
                assertThat(six.field(field).numeric().cdf(median)).as(field).isCloseTo(0.5, within(2 * FieldStats.NUMBER_RANK_ERROR + 0.05));
            }

            List<Row> mirror = generate(cluster, six, "storms-joint-6", 20_000);
            double realR = Correlations.pearson(real, "wind", "pressure");
            assertThat(Correlations.pearson(mirror, "wind", "pressure")).isCloseTo(realR, within(0.05));
        }
    }

    @Test
    void theFlightsMirrorNeverGivesARouteADistanceTheSourceNeverHadForIt() throws Exception {
        EventFile file = EventFile.open(copyResource("/data/flights_2001_jan.csv"), EventFile.Format.CSV);
        Map<List<Object>, Set<Object>> routes = new HashMap<>();
        long[] events = {0};
        file.read((line, reason, message) -> { }, (row, line) -> {
            events[0]++;
            routes.computeIfAbsent(Arrays.asList(row.get("origin"), row.get("destination")), k -> new HashSet<>()).add(row.get("distance"));
        });

        try (KafkaCluster cluster = KafkaCluster.of(SharedKafka.bootstrapServers(), null, Duration.ofSeconds(30))) {
            ModelSnapshot model = learn(cluster, file, "flights-joint", 3, "date", "origin", Duration.ofDays(1), events[0]);
            List<Row> mirror = generate(cluster, model, "flights-joint", 20_000);

            for (Row row : mirror) {
                List<Object> route = Arrays.asList(row.get("origin"), row.get("destination"));
                assertThat(routes.getOrDefault(route, Set.of())).as("distances the source had for %s", route).contains(row.get("distance"));
            }
        }
    }

    private ModelSnapshot learn(KafkaCluster cluster, EventFile file, String source, int partitions, String timeField, String keyField,
                                Duration window, long expected) throws Exception {
        String models = LearnerConfig.defaultModelTopic(source);
        cluster.ensureTopic(source, partitions, false);
        cluster.ensureTopic(models, 1, true);
        FilePublisher publisher = new FilePublisher(file, new FilePublisher.Options(source, timeField, keyField, FilePublisher.MAX_SPEED),
                new JsonRowCodec(), cluster.clientProperties());
        publisher.run((line, reason, message) -> { });
        assertThat(publisher.acknowledged()).isEqualTo(expected);
        LearnerConfig config = new LearnerConfig(source, models, window, Duration.ofHours(1), Duration.ofSeconds(1));
        try (Learner learner = new Learner(config, new JsonRowCodec(), cluster.clientProperties(), source + "-it", workDir.resolve(source))) {
            learner.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!(learner.progress().settled() && learner.progress().latestModel() != null
                    && learner.progress().latestModel().events() == expected)) {
                learner.checkHealthy();
                assertThat(System.nanoTime()).as("learner caught up within 3 minutes").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
        ModelSnapshot model = ModelTopicReader.newest(cluster.clientProperties(), models, Duration.ofSeconds(10));
        assertThat(model.events()).isEqualTo(expected);
        assertThat(model.copula()).isNotNull();
        return model;
    }

    private static List<Row> generate(KafkaCluster cluster, ModelSnapshot model, String source, long n) throws Exception {
        String mirror = source + ".mirror";
        cluster.ensureTopic(mirror, 2, false);
        Generator generator = new Generator(model, new GeneratorConfig(mirror, Pacer.MAX, n, null, SEED), new JsonRowCodec(),
                cluster.clientProperties());
        generator.run();
        List<Row> rows = new ArrayList<>();
        long bad = TopicRows.read(cluster.clientProperties(), mirror, new JsonRowCodec(), 0, Duration.ofSeconds(30), rows::add);
        assertThat(bad).isZero();
        assertThat(rows).hasSize((int) n);
        return rows;
    }

    private Path copyResource(String resource) throws Exception {
        Path target = workDir.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = JointModelIT.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }
}
