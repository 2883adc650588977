/**
 * How close the twin is and how much it leaks: {@link dev.doppel.evaluate.Evaluation} runs
 * SDMetrics-compatible fidelity metrics ({@link dev.doppel.evaluate.QualityMetrics},
 * {@link dev.doppel.evaluate.ClassifierTwoSample}), Markov transitions and rate, and privacy metrics
 * ({@link dev.doppel.evaluate.PrivacyMetrics}) over two {@link dev.doppel.evaluate.EventTable}s, into an
 * {@link dev.doppel.evaluate.EvaluationReport} (JSON) and an {@link dev.doppel.evaluate.HtmlReport}.
 * The demo's field-by-field table is {@link dev.doppel.evaluate.MarginalComparison}.
 */
package dev.doppel.evaluate;
