/**
 * Real infrastructure for the demo and the tests: {@link dev.doppel.embedded.EmbeddedKafka}, a
 * single-node KRaft cluster in this JVM, and {@link dev.doppel.embedded.EmbeddedRegistry}, an Apicurio
 * schema registry as a child process. Nothing in the flow depends on this package.
 */
package dev.doppel.embedded;
