/**
 * The fitted model: {@link dev.doppel.model.ModelBuilder} turns merged statistics into an immutable
 * {@link dev.doppel.model.ModelSnapshot}; {@link dev.doppel.model.ModelFormat} is its binary format
 * on the model topic and in model files. Sees only {@code stats} and {@code codec} types.
 */
package dev.doppel.model;
