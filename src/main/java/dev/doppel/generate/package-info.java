/**
 * The generator: reads the newest model ({@link dev.doppel.generate.ModelTopicReader}), samples it
 * and writes the mirror topic at a paced rate ({@link dev.doppel.generate.Generator}).
 */
package dev.doppel.generate;
