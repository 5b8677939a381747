/**
 * A RingWorld node process: one kernel role (switch or log server) hosted by Netty
 * ({@link io.ringworld.node.NodeHost}), cluster initialisation ({@link io.ringworld.node.ClusterInit})
 * and the process entry point ({@link io.ringworld.node.NodeMain}). Switch lives are counted on
 * disk before the node sends anything; a server's disk is the storage module's LogStore, forced by
 * its group committer before the kernel releases what depends on it.
 */
package io.ringworld.node;
