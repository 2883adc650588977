package dev.doppel.cli;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.RowCodec;
import dev.doppel.errors.BadInputException;
import dev.doppel.evaluate.Evaluation;
import dev.doppel.evaluate.EvaluationOptions;
import dev.doppel.evaluate.EvaluationReport;
import dev.doppel.evaluate.EventTable;
import dev.doppel.evaluate.SlidingWindow;
import dev.doppel.evaluate.TopicTail;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code evaluate --continuous}: follows the source and the mirror topic, and every so often
 * evaluates the mirror's last window against the source's, printing a line and updating the
 * Prometheus gauges ({@link EvaluationGauges}) until Ctrl-C or the rounds asked for are done.
 */
final class ContinuousEvaluation {

    private final KafkaCluster cluster;
    private final RowCodec codec;
    private final Duration window;
    private final Duration every;
    private final Duration timeout;
    private final int cap;
    private final EvaluationOptions options;
    private final PrintWriter out;
    private volatile boolean stopped;

    ContinuousEvaluation(KafkaCluster cluster, RowCodec codec, Duration window, Duration every, Duration timeout, int cap,
                         EvaluationOptions options, PrintWriter out) {
        if (window.isZero() || window.isNegative() || every.isZero() || every.isNegative()) {
            throw new BadInputException("--window and --every must be positive");
        }
        this.cluster = cluster;
        this.codec = codec;
        this.window = window;
        this.every = every;
        this.timeout = timeout;
        this.cap = cap;
        this.options = options;
        this.out = out;
    }

    void stop() {
        stopped = true;
    }

    /** Runs {@code rounds} evaluations (0: until stopped), serving the gauges at host:port meanwhile. */
    void run(String source, String mirror, String host, int port, long rounds) throws IOException {
        SlidingWindow sourceWindow = new SlidingWindow(window.toMillis(), cap);
        SlidingWindow mirrorWindow = new SlidingWindow(window.toMillis(), cap);
        long from = System.currentTimeMillis() - window.toMillis();
        try (EvaluationGauges gauges = new EvaluationGauges();
             TopicTail sourceTail = new TopicTail(cluster.clientProperties(), source, codec, from, timeout);
             TopicTail mirrorTail = new TopicTail(cluster.clientProperties(), mirror, codec, from, timeout)) {
            int actualPort = gauges.serve(host, port);
            out.printf("comparing %s with %s over sliding %s windows every %s; gauges at http://%s:%d/metrics%n", mirror, source,
                    DurationConverter.format(window), DurationConverter.format(every), host, actualPort);
            out.flush();
            for (long round = 1; !stopped && (rounds == 0 || round <= rounds); round++) {
                long deadline = System.nanoTime() + every.toNanos();
                // Take in what arrives until the round is over, and past it while records still flow.
                int arrived;
                do {
                    arrived = sourceTail.poll(Duration.ofMillis(200), sourceWindow) + mirrorTail.poll(Duration.ofMillis(200), mirrorWindow);
                } while (!stopped && (arrived > 0 || System.nanoTime() < deadline));
                long now = System.currentTimeMillis();
                sourceWindow.slide(now);
                mirrorWindow.slide(now);
                if (sourceWindow.size() == 0) {
                    out.printf("%s  no source events in the last %s%n", Instant.ofEpochMilli(now), DurationConverter.format(window));
                    out.flush();
                    continue;
                }
                EventTable real = EventTable.inferred(sourceWindow.rows());
                Round line = evaluate(real, EventTable.inferred(mirrorWindow.rows()));
                gauges.update(line.report());
                out.println(Instant.ofEpochMilli(now) + "  " + line.text());
                out.flush();
            }
        }
    }

    private record Round(EvaluationReport report, String text) {
    }

    private Round evaluate(EventTable real, EventTable mirror) {
        EvaluationReport report = Evaluation.run(real, mirror, null, options);
        EvaluationReport.Fidelity f = report.fidelity();
        String text = String.format(Locale.ROOT, "source %,d, mirror %,d events: overall %.3f, shapes %.3f, pairs %.3f, c2st auc %.3f%s,"
                        + " identifier leaks %d, new rows %.3f", real.size(), mirror.size(), f.overall(), f.columnShapes(),
                f.columnPairTrends(), f.c2stAuc(), f.rate() == null ? "" : String.format(Locale.ROOT, ", count ratio %.3f", f.rate().countRatio()),
                report.privacy().identifierLeaks(), report.privacy().newRowSynthesis());
        return new Round(report, text);
    }
}
