package dev.doppel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.EventFile;
import dev.doppel.codec.JsonRowCodec;
import dev.doppel.codec.Row;
import dev.doppel.evaluate.TopicRows;
import dev.doppel.generate.ModelTopicReader;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.profile.FieldRole;
import dev.doppel.stats.ShapeStats;
import dev.doppel.testing.RealData;
import dev.doppel.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Minneapolis stops through the commands a user runs, with idNum as a field and as the record
 * key: profile calls it an identifier, and not one real idNum reaches the model topic or the mirror
 * (values or keys), while the mirror's keys are fresh ones in the same shape.
 */
class NoRealIdentifierIT {

    @TempDir
    Path dir;

    @Test
    void noRealIdNumReachesTheModelOrTheMirror() throws Exception {
        EventFile stops = RealData.openMplsStops();
        Set<String> realIds = new HashSet<>();
        stops.read((line, reason, message) -> { }, (row, line) -> realIds.add((String) row.get("idNum")));
        String broker = SharedKafka.bootstrapServers();

        CommandHarness.run("publish", "-b", broker, "-t", "stops", "-i", RealData.MPLS_STOPS.toString(), "--time-field", "date",
                "--key-field", "idNum", "--max-speed", "--partitions", "2").ensureOk();

        Path profile = dir.resolve("profile.yaml");
        Files.writeString(profile, "fields:\n  neighborhood: categorical\n");
        CommandHarness.Result profiled = CommandHarness.run("profile", "-b", broker, "--topic", "stops", "--max", "5000",
                "--profile", profile.toString()).ensureOk();
        assertThat(profiled.out()).contains("profile of stops: 5,000 records")
                .containsPattern("idNum +string +identifier +100% distinct of 5,000 +0\\.0% +5,000 +17-\\d{6}")
                .containsPattern("neighborhood +string +categorical +set in the profile file")
                .containsPattern("\\(key\\) +string +identifier +5,000 distinct keys of 5,000");
        assertThat(realIds).noneMatch(profiled.out()::contains);

        CommandHarness.run("learn", "-b", broker, "-s", "stops", "--window", "7d", "--idle-close", "1s", "--once",
                "--profile", profile.toString(), "--state-dir", dir.resolve("state").toString()).ensureOk();
        CommandHarness.run("generate", "-b", broker, "-m", "stops.doppel-model", "-o", "stops.mirror", "--events", "20000",
                "--rate", "max", "--seed", "11").ensureOk();

        List<String> mirrorIds = new ArrayList<>();
        List<String> mirrorKeys = new ArrayList<>();
        ModelSnapshot model;
        try (KafkaCluster cluster = KafkaCluster.of(broker, null, Duration.ofSeconds(10))) {
            TopicRows.readWithKeys(cluster.clientProperties(), "stops.mirror", new JsonRowCodec(), 0, Duration.ofSeconds(20),
                    (byte[] key, Row row) -> {
                        mirrorIds.add((String) row.get("idNum"));
                        mirrorKeys.add(key == null ? null : new String(key, StandardCharsets.UTF_8));
                    });
            model = ModelTopicReader.newest(cluster.clientProperties(), "stops.doppel-model", Duration.ofSeconds(10));
        }
        assertThat(model.events()).isEqualTo(realIds.size());
        assertThat(model.field("idNum").role()).isEqualTo(FieldRole.IDENTIFIER);
        assertThat(model.field("neighborhood").roleReason()).isEqualTo("set in the profile file");
        String modelText = new String(ModelFormat.toBytes(model), StandardCharsets.ISO_8859_1);
        assertThat(realIds).noneMatch(modelText::contains);

        assertThat(mirrorIds).hasSize(20_000).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(ShapeStats.mask(id)).isEqualTo("99-999999"));
        assertThat(mirrorKeys).hasSize(20_000).doesNotContainNull().doesNotHaveDuplicates();
        // The source was keyed by idNum, so the mirror is keyed by the made-up idNum of each record.
        assertThat(mirrorKeys).isEqualTo(mirrorIds);
        assertThat(leaked(mirrorIds, realIds)).isEmpty();
        assertThat(leaked(mirrorKeys, realIds)).isEmpty();
    }

    private static Set<String> leaked(List<String> values, Set<String> real) {
        Set<String> leaked = new HashSet<>(values);
        leaked.retainAll(real);
        return leaked;
    }
}
