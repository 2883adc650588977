/**
 * The Kafka cluster as doppel's commands see it: {@link dev.doppel.cluster.KafkaCluster} holds the
 * client settings and the few admin calls (reachability, topics), each bounded by a timeout.
 */
package dev.doppel.cluster;
