package io.ringworld.p4.ringworld;

import io.ringworld.p4.lang.CheckedProgram;

/**
 * Bugs planted in ringworld.p4's text, to show that the differential tests, the STF vectors and
 * the campaigns catch them (as the kernel's {@code PlantedBug}s show it for the kernel). The
 * program is data: a bug is a textual change that must apply exactly once. Tests and campaigns
 * only; never in a switch that serves.
 */
public enum PlantedP4Bug {
    /** A duplicate WRITE_ACK also sets the next member's bit: one server's ack counted twice. */
    ACK_COUNTED_TWICE("            mask = mask | meta.ackBit;\n",
            "            if ((mask & meta.ackBit) != 0) {\n"
            + "                mask = mask | (meta.ackBit << 1);\n"
            + "            }\n"
            + "            mask = mask | meta.ackBit;\n"),
    /**
     * ClientAppend never marks an id in the client's dedup window (the cell keeps its old value):
     * a network copy of an append is admitted again, and sequenced twice.
     */
    DUPLICATE_SEQUENCED("            dedup_cells_lo.write(meta.dedupCell, hdr.append.requestLo);\n",
            "            dedup_cells_lo.write(meta.dedupCell, cellLo);\n");

    private final String original;
    private final String planted;

    PlantedP4Bug(String original, String planted) {
        this.original = original;
        this.planted = planted;
    }

    /** Its name on the command line ({@code --planted-p4-bug ack-counted-twice}). */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The program's text with the bug in it. */
    public String source() {
        String source = RingWorldDataPlane.source();
        int at = source.indexOf(original);
        if (at < 0 || source.indexOf(original, at + 1) >= 0) {
            throw new IllegalStateException(this + ": the line to change is not in ringworld.p4 exactly once");
        }
        return source.substring(0, at) + planted + source.substring(at + original.length());
    }

    /** The program with the bug, through the front end. */
    public CheckedProgram program() {
        return CheckedProgram.compile(source());
    }
}
