/**
 * Real infrastructure for the demo and the tests: {@link dev.doppel.embedded.EmbeddedKafka}, a
 * single-node KRaft cluster in this JVM. Nothing in the flow depends on this package.
 */
package dev.doppel.embedded;
