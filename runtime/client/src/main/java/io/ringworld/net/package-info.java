/**
 * What every RingWorld process shares to talk to the others: the cluster file
 * ({@link io.ringworld.net.ClusterFile}, YAML, errors naming the line and the field), one Netty
 * event loop per process ({@link io.ringworld.net.Loop}: epoll where it loads) and the framed,
 * authenticated TCP transport ({@link io.ringworld.net.Transport}) carrying the one wire format of
 * {@code io.ringworld.kernel.wire}. Sends are fair-lossy, as the kernel allows.
 */
package io.ringworld.net;
