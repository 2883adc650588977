/**
 * How close the twin is: {@link dev.doppel.evaluate.MarginalComparison} sets real and synthetic
 * events side by side, field by field, with {@link dev.doppel.evaluate.Distances} (KS, TVD).
 */
package dev.doppel.evaluate;
