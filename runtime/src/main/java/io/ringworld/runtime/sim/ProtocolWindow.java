package io.ringworld.runtime.sim;

/**
 * A moment of the protocol the host sees from a switch's status after a step, where a fault or a
 * probe finds the rare paths: the windows of a view change and of a trim.
 */
enum ProtocolWindow {
    /** A switch began to coordinate a view change (it sent its seals). */
    VIEW_CHANGE_STARTED,
    /** The coordinator chose the entries: its rewrites and its fence are going out. */
    VIEW_CHANGE_CHOSEN,
    /** A switch installed a view above every view installed before. */
    VIEW_INSTALLED,
    /** A switch started a trim's round 1: its token carries the pending point (the detail is the prefix). */
    TRIM_STARTED,
    /** A switch learned a trim is done (the detail is the done point). */
    TRIM_DONE
}
