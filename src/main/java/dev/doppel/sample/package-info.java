/**
 * Model plus random stream to rows: {@link dev.doppel.sample.EventSampler}. No Kafka here, so the
 * sampler runs the same in the generator, in benchmarks and in tests.
 */
package dev.doppel.sample;
