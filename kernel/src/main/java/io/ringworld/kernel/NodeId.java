package io.ringworld.kernel;

/**
 * The address of a node: a switch, a log server or a client. Hosts map node ids to real
 * addresses; the kernel only compares them.
 */
public sealed interface NodeId permits SwitchId, ServerId, ClientId {
}
