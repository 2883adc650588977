package dev.doppel.sample;

import dev.doppel.codec.Row;
import dev.doppel.model.ModelBuilder;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.stats.RowReservoir;
import dev.doppel.stats.TopicStats;
import dev.doppel.stats.WindowStats;
import dev.doppel.testing.RealData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Events per second of {@link EventSampler} on the real files, with the joint model and with the
 * same marginals sampled independently (the sampler before the joint model), and how long the joint
 * model takes to fit. Not a test: run it by hand, e.g.
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.doppel.sample.SamplerBenchmark}.
 */
public final class SamplerBenchmark {

    private static final int EVENTS = 300_000;
    private static volatile Object sink;

    public static void main(String[] args) {
        for (String file : List.of(RealData.FLIGHTS, RealData.STORMS)) {
            List<Row> rows = new ArrayList<>();
            RealData.open(file).read((line, reason, message) -> { }, (row, line) -> rows.add(row));
            WindowStats window = new WindowStats(0, Long.MAX_VALUE, 1, RowReservoir.TOPIC_CAPACITY);
            for (int i = 0; i < rows.size(); i++) {
                window.observe(rows.get(i), i);
            }
            TopicStats stats = new TopicStats(file, Long.MAX_VALUE);
            stats.add(window);
            long fitNanos = Long.MAX_VALUE;
            ModelSnapshot joint = null;
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                joint = new ModelBuilder(Clock.systemUTC()).build(stats);
                fitNanos = Math.min(fitNanos, System.nanoTime() - start);
            }
            ModelSnapshot independent = new ModelSnapshot(joint.sourceTopic(), joint.valueFormat(), joint.valueSchema(), joint.builtAt(),
                    joint.windowSizeMs(), joint.windowReports(), joint.events(), joint.firstEvent(), joint.lastEvent(), joint.timeline(),
                    joint.fields());
            System.out.printf("%s: model build (marginals + joint, best of 5) %.0f ms, %d copula fields, %d dependencies%n",
                    file, fitNanos / 1e6, joint.copula().fields().size(), joint.dependencies().size());
            if (file.equals(RealData.STORMS)) {
                // Per-state copulas (rank likelihood, then NORTA), as the learner fits them once storms have a state field.
                long stateNanos = Long.MAX_VALUE;
                for (int round = 0; round < 3; round++) {
                    long start = System.nanoTime();
                    dev.doppel.model.CopulaFitter.fitStates(joint.fields(), stats.reservoir().rows(), "status");
                    stateNanos = Math.min(stateNanos, System.nanoTime() - start);
                }
                System.out.printf("  per-state copulas of status (best of 3): %.0f ms%n", stateNanos / 1e6);
            }
            System.out.printf("  independent fields: %,.0f events/s%n", eventsPerSecond(independent));
            System.out.printf("  joint model:        %,.0f events/s%n", eventsPerSecond(joint));
        }
    }

    /** The best of three timed runs after a warm-up run. */
    private static double eventsPerSecond(ModelSnapshot model) {
        EventSampler sampler = EventSampler.seeded(model, 1);
        double best = 0;
        for (int round = 0; round < 4; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < EVENTS; i++) {
                sink = sampler.next();
            }
            double rate = EVENTS / ((System.nanoTime() - start) / 1e9);
            if (round > 0) {
                best = Math.max(best, rate);
            }
        }
        return best;
    }
}
