/**
 * Mergeable, serializable statistics in bounded memory: {@link dev.doppel.stats.FieldStats} per
 * field, {@link dev.doppel.stats.WindowStats} per window and learner task,
 * {@link dev.doppel.stats.TopicStats} for everything learned; {@link dev.doppel.stats.StatsFormat}
 * holds their binary format.
 */
package dev.doppel.stats;
