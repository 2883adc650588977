/**
 * The learner: a Kafka Streams topology ({@link dev.doppel.learn.LearnTopology}) that turns the
 * source topic into windowed statistics and a model snapshot on the model topic each time a window
 * closes; {@link dev.doppel.learn.Learner} runs it.
 */
package dev.doppel.learn;
