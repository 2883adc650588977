package dev.doppel.cli;

import com.sun.net.httpserver.HttpServer;
import dev.doppel.evaluate.EvaluationReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live evaluation's scores as Prometheus gauges, served at {@code /metrics} by the JDK's HTTP
 * server: one gauge per report score (NaN where the score is not computed), and the events in each
 * window. Names and descriptions are kept together here.
 */
final class EvaluationGauges implements AutoCloseable {

    static final Map<String, String> DESCRIPTIONS = descriptions();

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private HttpServer server;

    EvaluationGauges() {
        DESCRIPTIONS.forEach((name, description) -> {
            values.put(name, Double.NaN);
            Gauge.builder(name, values, map -> map.getOrDefault(name, Double.NaN)).description(description).register(registry);
        });
    }

    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("doppel.evaluate.column.shapes", "SDMetrics Column Shapes of the mirror against the source, last window");
        d.put("doppel.evaluate.column.pair.trends", "SDMetrics Column Pair Trends, last window");
        d.put("doppel.evaluate.markov.transition.tvd", "Mean TVD of the state transition rows (0 is the same chain)");
        d.put("doppel.evaluate.rate.score", "Rate score: count ratio, hour-of-day profile, inter-arrival times");
        d.put("doppel.evaluate.rate.count.ratio", "Mirror events over source events in the window");
        d.put("doppel.evaluate.c2st.auc", "Cross-validated AUC of a classifier telling source from mirror (0.5: cannot)");
        d.put("doppel.evaluate.overall", "Mean of the fidelity scores, 1 is the same");
        d.put("doppel.evaluate.identifier.leaks", "Mirror events holding a source identifier or key value");
        d.put("doppel.evaluate.new.row.synthesis", "Share of mirror events matching no source event");
        d.put("doppel.evaluate.source.events", "Source events in the window");
        d.put("doppel.evaluate.mirror.events", "Mirror events in the window");
        return d;
    }

    /** Sets every gauge from {@code report}. */
    void update(EvaluationReport report) {
        EvaluationReport.Fidelity f = report.fidelity();
        values.put("doppel.evaluate.column.shapes", f.columnShapes());
        values.put("doppel.evaluate.column.pair.trends", f.columnPairTrends());
        values.put("doppel.evaluate.markov.transition.tvd", f.markovTransitionTvd() == null ? Double.NaN : f.markovTransitionTvd());
        values.put("doppel.evaluate.rate.score", f.rate() == null ? Double.NaN : f.rate().score());
        values.put("doppel.evaluate.rate.count.ratio", f.rate() == null ? Double.NaN : f.rate().countRatio());
        values.put("doppel.evaluate.c2st.auc", f.c2stAuc());
        values.put("doppel.evaluate.overall", f.overall());
        values.put("doppel.evaluate.identifier.leaks", (double) report.privacy().identifierLeaks());
        values.put("doppel.evaluate.new.row.synthesis", report.privacy().newRowSynthesis());
        values.put("doppel.evaluate.source.events", (double) report.counts().get("real_rows"));
        values.put("doppel.evaluate.mirror.events", (double) report.counts().get("synthetic_rows"));
    }

    /** The Prometheus text exposition of the gauges. */
    String scrape() {
        return registry.scrape();
    }

    /** Serves {@link #scrape()} at http://host:port/metrics; port 0 takes a free one. Returns the port. */
    int serve(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        registry.close();
    }
}
