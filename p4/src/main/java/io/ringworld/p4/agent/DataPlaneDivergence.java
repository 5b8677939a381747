package io.ringworld.p4.agent;

/**
 * A strict P4 switch's data plane sent other WRITEs or APPEND_REPLYs for a frame than its kernel
 * did: the P4 program and the kernel disagree (a bug in one of them, or a planted one).
 */
public final class DataPlaneDivergence extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataPlaneDivergence(String detail) {
        super(detail);
    }
}
