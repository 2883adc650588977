package dev.doppel.learn;

import dev.doppel.codec.ValueFormat;
import dev.doppel.model.ModelBuilder;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.stats.TopicStats;
import dev.doppel.stats.WindowStats;
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

    private final LearnerConfig config;
    private final ValueFormat format;
    private final ModelBuilder builder;
    private final LearnProgress progress;
    private KeyValueStore<String, TopicStats> store;
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
    }

    @Override
    public void process(Record<String, WindowStats> record) {
        TopicStats stats = store.get(record.key());
        if (stats == null) {
            stats = new TopicStats(config.sourceTopic(), config.window().toMillis(), format);
        }
        stats.add(record.value());
        store.put(record.key(), stats);
        ModelSnapshot model = builder.build(stats);
        context.forward(record.withValue(ModelFormat.toBytes(model)));
        progress.modelPublished(model);
    }
}
