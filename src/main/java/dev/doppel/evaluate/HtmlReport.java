package dev.doppel.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@link EvaluationReport} as one self-contained HTML page: inline SVG plots and CSS, no script,
 * nothing fetched (its Content-Security-Policy forbids it). Per field, real and synthetic overlaid
 * (histograms for numbers and times, bars for the most frequent categories); the correlation
 * matrices of the numbers side by side; the pair trend scores; the transition matrices side by
 * side; and the event rate over time and by hour of day.
 */
public final class HtmlReport {

    private static final String REAL = "#1f77b4";
    private static final String SYNTHETIC = "#ff7f0e";
    private static final int HISTOGRAM_BINS = 30;
    private static final int TOP_CATEGORIES = 12;
    private static final int TOP_STATES = 10;
    private static final int TIMELINE_BUCKETS = 60;

    private HtmlReport() {
    }

    /** The page, complete. */
    public static String render(EvaluationReport report, String title) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>").append(escape(title)).append("</title><style>")
                .append("body{font-family:sans-serif;margin:24px;color:#222}h2{margin-top:32px}")
                .append("table{border-collapse:collapse}td,th{padding:3px 10px;text-align:left;border-bottom:1px solid #ddd}")
                .append(".plots{display:flex;flex-wrap:wrap;gap:16px}.plot{border:1px solid #eee;padding:6px}")
                .append(".legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}")
                .append(".bad{color:#b00;font-weight:bold}")
                .append("</style></head><body>\n");
        html.append("<h1>").append(escape(title)).append("</h1>\n");
        html.append("<p class=\"legend\"><span style=\"background:").append(REAL).append("\"></span>real")
                .append("<span style=\"background:").append(SYNTHETIC).append("\"></span>synthetic</p>\n");
        scores(html, report);
        fields(html, report);
        correlations(html, report);
        transitions(html, report);
        rate(html, report);
        html.append("</body></html>\n");
        return html.toString();
    }

    private static void scores(StringBuilder html, EvaluationReport report) {
        EvaluationReport.Fidelity f = report.fidelity();
        EvaluationReport.Privacy p = report.privacy();
        html.append("<h2>Scores</h2><table id=\"scores\"><tr><th>metric</th><th>value</th><th>meaning</th></tr>\n");
        row(html, "fidelity: overall", f.overall(), "mean of the fidelity scores, 1 is the same");
        row(html, "column shapes", f.columnShapes(), "KSComplement (numbers, times) and TVComplement (categories), averaged");
        row(html, "column pair trends", f.columnPairTrends(), "CorrelationSimilarity and ContingencySimilarity, averaged");
        if (f.markovTransitionTvd() != null) {
            row(html, "markov transition TVD", f.markovTransitionTvd(), "0 is the same chain");
        }
        if (f.rate() != null) {
            row(html, "rate", f.rate().score(), String.format(Locale.ROOT, "count ratio %.3f, hour of day %.3f, inter-arrival %.3f",
                    f.rate().countRatio(), f.rate().hourOfDaySimilarity(), f.rate().interArrivalKsComplement()));
        }
        row(html, "C2ST AUC", f.c2stAuc(), "0.5: a classifier cannot tell real from synthetic");
        html.append("<tr><td>privacy: identifier leaks</td><td class=\"").append(p.identifierLeaks() > 0 ? "bad" : "")
                .append("\">").append(p.identifierLeaks()).append("</td><td>synthetic rows holding a real identifier or key; must be 0</td></tr>\n");
        row(html, "new row synthesis", p.newRowSynthesis(), "share of synthetic rows matching no real row");
        if (p.dcrOverfittingProtection() != null) {
            row(html, "DCR overfitting protection", p.dcrOverfittingProtection(), "1: no closer to the training rows than to the holdout");
        }
        if (p.reidentificationRate() != null) {
            row(html, "re-identification rate", p.reidentificationRate(), "synthetic rows linking to a real row unique on the quasi-identifiers");
        }
        html.append("</table>\n<p>").append(escape(countsLine(report.counts()))).append("</p>\n");
    }

    private static String countsLine(Map<String, Long> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((name, value) -> parts.add(name.replace('_', ' ') + " " + value));
        return String.join(", ", parts);
    }

    private static void row(StringBuilder html, String name, double value, String meaning) {
        html.append("<tr><td>").append(escape(name)).append("</td><td>").append(String.format(Locale.ROOT, "%.4f", value))
                .append("</td><td>").append(escape(meaning)).append("</td></tr>\n");
    }

    private static void fields(StringBuilder html, EvaluationReport report) {
        html.append("<h2>Fields</h2><div class=\"plots\">\n");
        EventTable real = report.real();
        EventTable synthetic = report.synthetic();
        report.perField().forEach((field, score) -> {
            String caption = field + (score.score() == null ? " (identifier)"
                    : String.format(Locale.ROOT, " — %s %.3f", score.metric(), score.score()));
            html.append("<div class=\"plot field\"><div>").append(escape(caption)).append("</div>");
            if (score.score() == null) {
                html.append("<p>").append(score.identifierLeaks()).append(" leaked values</p>");
            } else if (real.isNumeric(field)) {
                histogram(html, real.numbers(field), synthetic.numbers(field), value -> formatValue(report, field, value));
            } else {
                bars(html, real.categories(field), synthetic.categories(field));
            }
            html.append("</div>\n");
        });
        html.append("</div>\n");
    }

    private static void histogram(StringBuilder html, double[] realValues, double[] syntheticValues,
                                  java.util.function.DoubleFunction<String> label) {
        double[] real = QualityMetrics.sortedPresent(realValues);
        double[] synthetic = QualityMetrics.sortedPresent(syntheticValues);
        int width = 320;
        int height = 160;
        Svg svg = new Svg(width, height);
        if (real.length == 0) {
            svg.text(10, 80, "no values", "start");
            html.append(svg.end());
            return;
        }
        // The real 0.5th to 99.5th percentiles, so that a few outliers do not squeeze the plot.
        double low = real[(int) Math.floor(0.005 * (real.length - 1))];
        double high = real[(int) Math.ceil(0.995 * (real.length - 1))];
        if (high <= low) {
            high = low + 1;
        }
        double[] realShares = shares(real, low, high);
        double[] syntheticShares = shares(synthetic, low, high);
        double top = Math.max(max(realShares), max(syntheticShares));
        double barWidth = (width - 20.0) / HISTOGRAM_BINS;
        for (int bin = 0; bin < HISTOGRAM_BINS; bin++) {
            double x = 10 + bin * barWidth;
            double realHeight = top == 0 ? 0 : realShares[bin] / top * (height - 30);
            double syntheticHeight = top == 0 ? 0 : syntheticShares[bin] / top * (height - 30);
            svg.rect(x, height - 20 - realHeight, barWidth - 1, realHeight, REAL, 0.55);
            svg.rect(x, height - 20 - syntheticHeight, barWidth - 1, syntheticHeight, SYNTHETIC, 0.55);
        }
        svg.line(10, height - 20, width - 10, height - 20);
        svg.text(10, height - 5, label.apply(low), "start");
        svg.text(width - 10, height - 5, label.apply(high), "end");
        html.append(svg.end());
    }

    private static double[] shares(double[] values, double low, double high) {
        double[] shares = new double[HISTOGRAM_BINS];
        for (double value : values) {
            int bin = (int) Math.floor((value - low) / (high - low) * HISTOGRAM_BINS);
            shares[Math.max(0, Math.min(HISTOGRAM_BINS - 1, bin))]++;
        }
        for (int i = 0; i < shares.length && values.length > 0; i++) {
            shares[i] /= values.length;
        }
        return shares;
    }

    private static void bars(StringBuilder html, String[] realValues, String[] syntheticValues) {
        Map<String, Long> real = QualityMetrics.counts(realValues);
        Map<String, Long> synthetic = QualityMetrics.counts(syntheticValues);
        List<String> top = real.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_CATEGORIES).map(Map.Entry::getKey).toList();
        double realTotal = Math.max(1, realValues.length);
        double syntheticTotal = Math.max(1, syntheticValues.length);
        double largest = 0;
        for (String category : top) {
            largest = Math.max(largest, Math.max(real.get(category) / realTotal, synthetic.getOrDefault(category, 0L) / syntheticTotal));
        }
        int rowHeight = 14;
        int width = 320;
        Svg svg = new Svg(width, 10 + top.size() * rowHeight);
        for (int i = 0; i < top.size(); i++) {
            String category = top.get(i);
            double y = 5 + i * rowHeight;
            double realWidth = largest == 0 ? 0 : real.get(category) / realTotal / largest * 190;
            double syntheticWidth = largest == 0 ? 0 : synthetic.getOrDefault(category, 0L) / syntheticTotal / largest * 190;
            String label = category.equals(QualityMetrics.MISSING) ? "(missing)" : category;
            svg.text(118, y + 10, label.length() > 18 ? label.substring(0, 17) + "…" : label, "end");
            svg.rect(122, y, realWidth, rowHeight / 2.0 - 0.5, REAL, 0.9);
            svg.rect(122, y + rowHeight / 2.0, syntheticWidth, rowHeight / 2.0 - 0.5, SYNTHETIC, 0.9);
        }
        html.append(svg.end());
    }

    private static void correlations(StringBuilder html, EvaluationReport report) {
        List<String> numeric = report.perField().entrySet().stream()
                .filter(e -> e.getValue().score() != null && report.real().isNumeric(e.getKey())).map(Map.Entry::getKey).toList();
        html.append("<h2>Correlations</h2>\n");
        if (numeric.size() >= 2) {
            html.append("<div class=\"plots\"><div class=\"plot\"><div>real (Pearson)</div>")
                    .append(heatmap(numeric, (a, b) -> QualityMetrics.pearson(report.real().numbers(a), report.real().numbers(b)), true))
                    .append("</div><div class=\"plot\"><div>synthetic (Pearson)</div>")
                    .append(heatmap(numeric, (a, b) -> QualityMetrics.pearson(report.synthetic().numbers(a), report.synthetic().numbers(b)), true))
                    .append("</div></div>\n");
        } else {
            html.append("<p>Fewer than two numeric fields: no correlation matrix.</p>\n");
        }
        List<String> fields = report.perField().entrySet().stream()
                .filter(e -> e.getValue().score() != null).map(Map.Entry::getKey).toList();
        if (fields.size() >= 2) {
            Map<String, Double> scores = new HashMap<>();
            report.pairs().forEach(pair -> {
                scores.put(pair.a() + "\u0000" + pair.b(), pair.score());
                scores.put(pair.b() + "\u0000" + pair.a(), pair.score());
            });
            html.append("<div class=\"plot\"><div>column pair trends (score per pair, 1 is the same)</div>")
                    .append(heatmap(fields, (a, b) -> a.equals(b) ? 1.0 : scores.getOrDefault(a + "\u0000" + b, Double.NaN), false))
                    .append("</div>\n");
        }
    }

    private interface Cell {
        double value(String row, String column);
    }

    /** A square matrix: blue for positive, red for negative values (signed) or white to green (0..1). */
    private static String heatmap(List<String> names, Cell cell, boolean signed) {
        int cellSize = 34;
        int margin = 110;
        Svg svg = new Svg(margin + names.size() * cellSize + 10, margin + names.size() * cellSize + 10);
        for (int i = 0; i < names.size(); i++) {
            svg.text(margin - 4, margin + i * cellSize + cellSize / 2.0 + 4, shortName(names.get(i)), "end");
            svg.verticalText(margin + i * cellSize + cellSize / 2.0 + 4, margin - 4, shortName(names.get(i)));
            for (int j = 0; j < names.size(); j++) {
                double value = cell.value(names.get(i), names.get(j));
                String color = Double.isNaN(value) ? "#eeeeee" : signed ? diverging(value) : sequential(value);
                svg.rect(margin + j * cellSize, margin + i * cellSize, cellSize - 1, cellSize - 1, color, 1);
                svg.text(margin + j * cellSize + cellSize / 2.0, margin + i * cellSize + cellSize / 2.0 + 4,
                        Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value), "middle",
                        Math.abs(value) > 0.6 ? "#ffffff" : "#222222");
            }
        }
        return svg.end();
    }

    private static void transitions(StringBuilder html, EvaluationReport report) {
        Transitions real = report.realTransitions();
        Transitions synthetic = report.syntheticTransitions();
        if (real == null) {
            return;
        }
        List<String> states = Transitions.topStates(real, synthetic, TOP_STATES);
        html.append("<h2>Transitions of ").append(escape(report.options().stateField()))
                .append("</h2><p>Share of each next state (columns) given the current one (rows).</p><div class=\"plots\">")
                .append("<div class=\"plot\"><div>real</div>").append(heatmap(states, rowShare(real), false))
                .append("</div><div class=\"plot\"><div>synthetic</div>").append(heatmap(states, rowShare(synthetic), false))
                .append("</div></div>\n");
    }

    private static Cell rowShare(Transitions transitions) {
        return (from, to) -> {
            Map<String, Long> row = transitions.counts().get(from);
            if (row == null) {
                return Double.NaN;
            }
            long total = row.values().stream().mapToLong(Long::longValue).sum();
            return (double) row.getOrDefault(to, 0L) / total;
        };
    }

    private static void rate(StringBuilder html, EvaluationReport report) {
        String timeField = report.options().timeField();
        if (timeField == null) {
            return;
        }
        double[] real = QualityMetrics.sortedPresent(report.real().numbers(timeField));
        double[] synthetic = QualityMetrics.sortedPresent(report.synthetic().numbers(timeField));
        if (real.length == 0) {
            return;
        }
        double from = real[0];
        double to = real[real.length - 1];
        html.append("<h2>Rate</h2><div class=\"plots\"><div class=\"plot\"><div>events over time (")
                .append(escape(timeField)).append(", ").append(TIMELINE_BUCKETS).append(" equal spans of the real period)</div>");
        html.append(lines(RateComparison.timeline(real, from, to, TIMELINE_BUCKETS),
                RateComparison.timeline(synthetic, from, to, TIMELINE_BUCKETS), formatValue(report, timeField, from),
                formatValue(report, timeField, to)));
        html.append("</div><div class=\"plot\"><div>events per hour of day (UTC)</div>");
        html.append(lines(RateComparison.hourProfile(real), RateComparison.hourProfile(synthetic), "0h", "23h"));
        html.append("</div></div>\n");
    }

    /** A number as written, a time in the field's own layout. */
    private static String formatValue(EvaluationReport report, String field, double value) {
        var format = report.real().timestampFormats().get(field);
        return format == null ? number(value) : format.format((long) value);
    }

    private static String lines(long[] real, long[] synthetic, String startLabel, String endLabel) {
        int width = 560;
        int height = 200;
        double top = 1;
        for (int i = 0; i < real.length; i++) {
            top = Math.max(top, Math.max(real[i], synthetic[i]));
        }
        Svg svg = new Svg(width, height);
        svg.polyline(real, top, width, height, REAL);
        svg.polyline(synthetic, top, width, height, SYNTHETIC);
        svg.line(10, height - 20, width - 10, height - 20);
        svg.text(10, height - 5, startLabel, "start");
        svg.text(width - 10, height - 5, endLabel, "end");
        svg.text(12, 12, "max " + (long) top, "start");
        return svg.end();
    }

    private static String diverging(double value) {
        int fade = (int) Math.round(255 * (1 - Math.min(1, Math.abs(value))));
        return value >= 0 ? String.format("#%02x%02xff", fade, fade) : String.format("#ff%02x%02x", fade, fade);
    }

    private static String sequential(double value) {
        // White at 0 to green (#2ca02c) at 1.
        double v = Math.max(0, Math.min(1, value));
        return String.format("#%02x%02x%02x", Math.round(255 - v * (255 - 44)), Math.round(255 - v * (255 - 160)),
                Math.round(255 - v * (255 - 44)));
    }

    private static double max(double[] values) {
        double max = 0;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    private static String shortName(String name) {
        return name.length() > 14 ? name.substring(0, 13) + "…" : name;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : String.format(Locale.ROOT, "%.4g", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A small SVG writer. */
    private static final class Svg {
        private final StringBuilder out = new StringBuilder();

        Svg(double width, double height) {
            out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                    + "viewBox=\"0 0 %.0f %.0f\" font-size=\"10\" font-family=\"sans-serif\">", width, height, width, height));
        }

        void rect(double x, double y, double width, double height, String fill, double opacity) {
            out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"%.2f\"/>",
                    x, y, Math.max(0, width), Math.max(0, height), fill, opacity));
        }

        void line(double x1, double y1, double x2, double y2) {
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>", x1, y1, x2, y2));
        }

        void text(double x, double y, String text, String anchor) {
            text(x, y, text, anchor, "#222222");
        }

        void text(double x, double y, String text, String anchor, String fill) {
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">%s</text>",
                    x, y, anchor, fill, escape(text)));
        }

        void verticalText(double x, double y, String text) {
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\" transform=\"rotate(-90 %.1f %.1f)\">%s</text>",
                    x, y, x, y, escape(text)));
        }

        void polyline(long[] values, double top, int width, int height, String stroke) {
            StringBuilder points = new StringBuilder();
            double step = (width - 20.0) / Math.max(1, values.length - 1);
            for (int i = 0; i < values.length; i++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", 10 + i * step, height - 20 - values[i] / top * (height - 40)));
            }
            out.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(stroke).append("\" points=\"")
                    .append(points.toString().trim()).append("\"/>");
        }

        String end() {
            return out.append("</svg>").toString();
        }
    }
}
