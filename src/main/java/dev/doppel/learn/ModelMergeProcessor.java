package dev.doppel.learn;

import dev.doppel.codec.ValueFormat;
import dev.doppel.model.ModelBuilder;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.HorizonMarginals;
import dev.doppel.model.HorizonWeights;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.model.Windowing;
import dev.doppel.stats.RecentWindows;
import dev.doppel.stats.TopicStats;
import dev.doppel.stats.WindowStats;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Second stage of the learner, on a single partition: merges every window report into the topic's
 * {@link TopicStats} (kept in a changelogged state store, so a restarted learner goes on from there),
 * builds a fresh model from them, and forwards its bytes for the model topic.
 */
final class ModelMergeProcessor implements Processor<String, WindowStats, String, byte[]> {

    static final String STORE = "topic-stats";
    /** The newest panes, for a model over a horizon of windows (only with {@code --horizon}). */
    static final String RECENT_STORE = "recent-windows";

    private final LearnerConfig config;
    private final ValueFormat format;
    private final ModelBuilder builder;
    private final LearnProgress progress;
    private KeyValueStore<String, TopicStats> store;
    private KeyValueStore<String, RecentWindows> recent;
    private ProcessorContext<String, byte[]> context;

    ModelMergeProcessor(LearnerConfig config, ValueFormat format, ModelBuilder builder, LearnProgress progress) {
        this.config = config;
        this.format = format;
        this.builder = builder;
        this.progress = progress;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        if (config.horizon() > 0) {
            this.recent = context.getStateStore(RECENT_STORE);
        }
    }

    @Override
    public void process(Record<String, WindowStats> record) {
        TopicStats stats = store.get(record.key());
        if (stats == null) {
            // The timeline counts panes (one advance long): the finest cut, and what follow replays.
            stats = new TopicStats(config.sourceTopic(), config.advance().toMillis(), format);
        }
        stats.add(record.value());
        store.put(record.key(), stats);
        ModelSnapshot model = builder.build(stats);
        if (recent != null) {
            model = overHorizon(record.key(), record.value(), model);
        }
        context.forward(record.withValue(ModelFormat.toBytes(model)));
        progress.modelPublished(model);
    }

    /** The model with its field marginals, joint part and entity copula over the newest windows, decayed (see HorizonWeights). */
    private ModelSnapshot overHorizon(String key, WindowStats report, ModelSnapshot cumulative) {
        Windowing windowing = config.windowing();
        RecentWindows panes = recent.get(key);
        if (panes == null) {
            panes = new RecentWindows(HorizonWeights.panes(windowing.horizon(), windowing.panesPerWindow()));
        }
        panes.add(report);
        recent.put(key, panes);
        List<WindowStats> recentPanes = List.copyOf(panes.panes().values());
        return builder.overHorizon(cumulative.withFields(HorizonMarginals.fields(cumulative, recentPanes, windowing)), recentPanes, windowing);
    }
}
