/**
 * RingWorld against Kafka on the same machine, in the same run (issue 21, item 2): three Kafka
 * brokers in KRaft mode on loopback, started from Maven Central's Kafka jars as processes of their
 * own, one partition with 3 replicas and {@code min.insync.replicas=2}; the same appends (payload,
 * window, seconds) produced with {@code acks=all}, and {@code flush.messages=1} (an fsync per
 * message) against RingWorld's fsync-before-acknowledge. Built only with {@code -Pkafka}.
 */
package io.ringworld.benchkafka;
