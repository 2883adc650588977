/**
 * Replaying files into topics: {@link dev.doppel.publish.FilePublisher} writes a CSV or JSON-lines
 * file to a topic at its original pace, faster, or at full speed. For trying doppel on real data.
 */
package dev.doppel.publish;
