package dev.doppel.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.EventFile;
import dev.doppel.codec.JsonRowCodec;
import dev.doppel.evaluate.MarginalComparison;
import dev.doppel.evaluate.MarginalComparison.FieldComparison;
import dev.doppel.evaluate.TopicRows;
import dev.doppel.generate.Generator;
import dev.doppel.generate.GeneratorConfig;
import dev.doppel.generate.ModelTopicReader;
import dev.doppel.generate.Pacer;
import dev.doppel.learn.Learner;
import dev.doppel.learn.LearnerConfig;
import dev.doppel.model.FieldModel;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.publish.FilePublisher;
import dev.doppel.testing.SharedKafka;
import dev.doppel.testing.Tolerances;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * publish → learn → generate on the embedded broker with real data: every field of the mirror topic
 * must match the source's marginal within the tolerance the sketches and the sample size allow.
 */
class PipelineIT {

    private static final long SYNTHETIC_EVENTS = 50_000;
    private static final long SEED = 20_010_101L;

    @TempDir
    Path workDir;

    @Test
    void theMirrorOfRealFlightsMatchesEveryFieldsMarginal() throws Exception {
        Path data = copyResource("/data/flights_2001_jan.csv");
        EventFile file = EventFile.open(data, EventFile.Format.CSV);
        String source = "flights-pipeline";
        String models = LearnerConfig.defaultModelTopic(source);
        String mirror = source + ".mirror";

        try (KafkaCluster cluster = KafkaCluster.of(SharedKafka.bootstrapServers(), null, Duration.ofSeconds(30))) {
            cluster.ensureTopic(source, 3, false);
            cluster.ensureTopic(models, 1, true);
            cluster.ensureTopic(mirror, 2, false);

            FilePublisher publisher = new FilePublisher(file,
                    new FilePublisher.Options(source, "date", "origin", FilePublisher.MAX_SPEED), new JsonRowCodec(),
                    cluster.clientProperties());
            List<String> skipped = new ArrayList<>();
            publisher.run((line, reason, message) -> skipped.add(line + " " + reason));
            assertThat(skipped).isEmpty();
            assertThat(publisher.acknowledged()).isEqualTo(163_987);

            LearnerConfig config = new LearnerConfig(source, models, Duration.ofHours(6), Duration.ofHours(1), Duration.ofSeconds(1));
            try (Learner learner = new Learner(config, new JsonRowCodec(), cluster.clientProperties(), "pipeline-it",
                    workDir.resolve("state"))) {
                learner.start();
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (!(learner.progress().settled() && learner.progress().latestModel() != null
                        && learner.progress().latestModel().events() == publisher.acknowledged())) {
                    learner.checkHealthy();
                    assertThat(System.nanoTime()).as("learner caught up within 3 minutes").isLessThan(deadline);
                    Thread.sleep(200);
                }
                assertThat(learner.progress().badRecordTotal()).isZero();
                assertThat(learner.progress().lateEvents()).isZero();
            }

            // The generator takes its model from the topic, as a separate process would.
            ModelSnapshot model = ModelTopicReader.newest(cluster.clientProperties(), models, Duration.ofSeconds(10));
            assertThat(model.events()).isEqualTo(163_987);
            assertThat(model.timeline()).hasSize(40); // 10 days in 6-hour windows
            assertThat(model.timeline().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(163_987);

            Generator generator = new Generator(model, new GeneratorConfig(mirror, Pacer.MAX, SYNTHETIC_EVENTS, null, SEED),
                    new JsonRowCodec(), cluster.clientProperties());
            generator.run();
            assertThat(generator.progress().acknowledged()).isEqualTo(SYNTHETIC_EVENTS);

            MarginalComparison comparison = new MarginalComparison(file.types(), file.timestampFormats());
            file.read((line, reason, message) -> { }, (row, line) -> comparison.addReal(row));
            long[] mirrored = {0};
            long bad = TopicRows.read(cluster.clientProperties(), mirror, new JsonRowCodec(), 0, Duration.ofSeconds(30), row -> {
                mirrored[0]++;
                comparison.addSynthetic(row);
                assertThat(row.values().keySet()).containsExactlyElementsOf(file.types().keySet());
            });
            assertThat(bad).isZero();
            assertThat(mirrored[0]).isEqualTo(SYNTHETIC_EVENTS);

            List<FieldComparison> fields = comparison.compare();
            assertThat(fields).extracting(FieldComparison::field).containsExactly("date", "delay", "distance", "origin", "destination");
            for (FieldComparison field : fields) {
                double tolerance = field.metric().equals("KS")
                        ? Tolerances.ks(field.real().count(), field.synthetic().count())
                        : Tolerances.tvd(field.real().categories(), field.synthetic().count(), unseen(model.field(field.field())));
                assertThat(field.distance()).as("%s %s distance (tolerance %.4f)", field.field(), field.metric(), tolerance)
                        .isLessThanOrEqualTo(tolerance);
                assertThat(field.synthetic().unreadable()).as("%s values of the wrong type", field.field()).isZero();
                assertThat(field.synthetic().nulls()).isZero();
            }
        }
    }

    private static double unseen(FieldModel field) {
        return field.categorical() == null ? 0 : field.categorical().unseenWeight();
    }

    private Path copyResource(String resource) throws Exception {
        Path target = workDir.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = PipelineIT.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }
}
