/**
 * {@code ringworld bench} (issue 21): workloads against a real cluster through the client library
 * (pipelined appends, one-at-a-time appends, reads of committed entries, the paper's mix of 25%
 * appends and 75% reads, getTail), measured with HdrHistogram and written as a results folder: a
 * CSV per run and one for the summary, the HdrHistogram interval log, and PNG plots (latency
 * against throughput, throughput over time) drawn with JFreeChart. Durability is printed with
 * every figure: every append is acknowledged after the fsync that covers it on a majority.
 */
package io.ringworld.runtime.bench;
