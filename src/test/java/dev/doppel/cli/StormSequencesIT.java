package dev.doppel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.JsonRowCodec;
import dev.doppel.codec.Row;
import dev.doppel.evaluate.Distances;
import dev.doppel.evaluate.TopicRows;
import dev.doppel.generate.ModelTopicReader;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.model.SequenceModel;
import dev.doppel.sample.SequenceSampler;
import dev.doppel.testing.RealData;
import dev.doppel.testing.SharedKafka;
import dev.doppel.testing.Tolerances;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's storm check through the embedded broker, as a user runs it: publish the real storms keyed
 * by storm_id, learn with --state-field status, generate, and compare each transition row (from the
 * start and from each status, to each status and the end) of the mirror with the source's.
 */
class StormSequencesIT {

    private static final double MAX_ROW_TVD = 0.05;
    private static final int SYNTHETIC_EVENTS = 100_000;
    private static final long SEED = 11;
    private static final String START = "START";
    private static final String END = "END";

    @TempDir
    Path dir;

    @Test
    void eachTransitionRowOfTheMirrorIsWithinTvd005OfTheSources() throws Exception {
        String broker = SharedKafka.bootstrapServers();
        Path storms = sortedByTime(RealData.path(RealData.STORMS));

        // One partition: the learner meets each storm's observations in time order (see SequenceProcessor).
        CommandHarness.run("publish", "-b", broker, "-t", "storms-seq", "-i", storms.toString(), "--time-field", "ts",
                "--key-field", "storm_id", "--max-speed", "--partitions", "1").ensureOk();
        CommandHarness.Result learned = CommandHarness.run("learn", "-b", broker, "-s", "storms-seq", "--window", "365d",
                "--grace", "1d", "--idle-close", "1s", "--once", "--key-field", "storm_id", "--state-field", "status",
                "--entity-gap", "7d", "--state-dir", dir.resolve("state").toString()).ensureOk();
        assertThat(learned.out()).contains("read 11,859 events");
        CommandHarness.run("generate", "-b", broker, "-m", "storms-seq.doppel-model", "-o", "storms-seq.mirror",
                "--events", String.valueOf(SYNTHETIC_EVENTS), "--rate", "max", "--seed", String.valueOf(SEED)).ensureOk();

        List<Row> mirror = new ArrayList<>();
        ModelSnapshot model;
        try (KafkaCluster cluster = KafkaCluster.of(broker, null, Duration.ofSeconds(10))) {
            model = ModelTopicReader.newest(cluster.clientProperties(), "storms-seq.doppel-model", Duration.ofSeconds(10));
            TopicRows.read(cluster.clientProperties(), "storms-seq.mirror", new JsonRowCodec(), 0, Duration.ofSeconds(20), mirror::add);
        }
        SequenceModel chain = model.sequences();
        assertThat(chain).isNotNull();
        assertThat(chain.stateField()).isEqualTo("status");
        assertThat(mirror).hasSize(SYNTHETIC_EVENTS);

        Map<String, List<Row>> sourceStorms = new LinkedHashMap<>();
        RealData.open(RealData.STORMS).read((line, reason, message) -> { },
                (row, line) -> sourceStorms.computeIfAbsent((String) row.get("storm_id"), id -> new ArrayList<>()).add(row));
        // The generator's own sampler, replayed: which synthetic storms were still going when it stopped.
        SequenceSampler replay = SequenceSampler.seeded(model, SEED);
        for (int i = 0; i < SYNTHETIC_EVENTS; i++) {
            replay.next();
        }
        Map<String, List<Row>> mirrorStorms = new LinkedHashMap<>();
        mirror.forEach(row -> mirrorStorms.computeIfAbsent((String) row.get("storm_id"), id -> new ArrayList<>()).add(row));

        Map<String, Map<String, Long>> sourceRows = transitionRows(sourceStorms, Set.of());
        Map<String, Map<String, Long>> mirrorRows = transitionRows(mirrorStorms, replay.activeKeys());

        // The learned chain is the source's own counts; only storms still going when the topic ended lack their end.
        for (int state = 0; state < chain.states().size(); state++) {
            assertThat(chain.startCounts()[state]).as("starts in %s", chain.states().get(state))
                    .isEqualTo(sourceRows.get(START).getOrDefault(chain.states().get(state), 0L));
            for (int to = 0; to < chain.states().size(); to++) {
                assertThat(chain.transitionCounts()[state][to]).as("%s -> %s", chain.states().get(state), chain.states().get(to))
                        .isEqualTo(sourceRows.get(chain.states().get(state)).getOrDefault(chain.states().get(to), 0L));
            }
        }

        // A row is tested only where an honest mirror's own sampling error (the TVD bound at ALPHA for
        // the mirror's count of transitions out of that row) is within 0.05; rows weighted by the source's counts.
        double weighted = 0;
        long weight = 0;
        List<String> tested = new ArrayList<>();
        for (Map.Entry<String, Map<String, Long>> row : sourceRows.entrySet()) {
            Map<String, Long> synthetic = mirrorRows.getOrDefault(row.getKey(), Map.of());
            long m = synthetic.values().stream().mapToLong(Long::longValue).sum();
            if (m == 0 || Tolerances.tvd(row.getValue(), m, 0) > MAX_ROW_TVD) {
                continue;
            }
            double tvd = Distances.totalVariation(row.getValue(), synthetic);
            assertThat(tvd).as("row %s: source %s, mirror %s", row.getKey(), row.getValue(), synthetic).isLessThanOrEqualTo(MAX_ROW_TVD);
            long n = row.getValue().values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("storm transitions from %s: TVD %.4f (source %d, mirror %d)%n", row.getKey(), tvd, n, m);
            weighted += tvd * n;
            weight += n;
            tested.add(row.getKey());
        }
        assertThat(tested).containsExactlyInAnyOrder(START, "hurricane", "tropical depression", "tropical storm");
        System.out.printf("storm transitions, weighted by the source's rows: TVD %.4f%n", weighted / weight);
        assertThat(weighted / weight).as("transition TVD weighted by the source's row counts").isLessThanOrEqualTo(MAX_ROW_TVD);

        // Fresh keys only, and attributes fixed within each synthetic storm.
        Set<String> realIds = new HashSet<>(sourceStorms.keySet());
        assertThat(mirrorStorms.keySet()).noneMatch(realIds::contains);
        assertThat(chain.attributes()).contains("name");
        for (List<Row> storm : mirrorStorms.values()) {
            for (String attribute : chain.attributes()) {
                assertThat(storm).extracting(row -> row.get(attribute)).containsOnly(storm.get(0).get(attribute));
            }
        }
    }

    /** Per from-state (START for the first event), counts of the next state (END after the last, unless still going). */
    private static Map<String, Map<String, Long>> transitionRows(Map<String, List<Row>> storms, Set<String> stillGoing) {
        Map<String, Map<String, Long>> rows = new TreeMap<>();
        storms.forEach((id, events) -> {
            String from = START;
            for (Row event : events) {
                String to = (String) event.get("status");
                rows.computeIfAbsent(from, f -> new TreeMap<>()).merge(to, 1L, Long::sum);
                from = to;
            }
            if (!stillGoing.contains(id)) {
                rows.computeIfAbsent(from, f -> new TreeMap<>()).merge(END, 1L, Long::sum);
            }
        });
        return rows;
    }

    /** The storms file in time order (it is grouped by storm, storms in no order); each storm's rows keep theirs. */
    private Path sortedByTime(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
        rows.sort(Comparator.comparing(line -> line.split(",", 3)[1])); // "yyyy-MM-dd HH:mm:ss" sorts as text
        List<String> sorted = new ArrayList<>();
        sorted.add(lines.get(0));
        sorted.addAll(rows);
        Path target = dir.resolve("storms_by_time.csv");
        Files.write(target, sorted, StandardCharsets.UTF_8);
        return target;
    }
}
