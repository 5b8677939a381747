package io.ringworld.p4.ringworld;

import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.v1model.Pipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** RingWorld's switch program, read from this jar and checked once, and pipelines running it. */
public final class RingWorldDataPlane {
    /** The program's file name, as in the p4 module's {@code src/} and in this jar. */
    public static final String PROGRAM_FILE = "ringworld.p4";
    /**
     * Recirculations a packet may take: the commit probe takes one per index it passes, at most
     * one per slot of the status map.
     */
    public static final int PASSES_MAX = LeaderPathSetup.SLOTS + 8;
    /** The commit probe's clone session (the program's {@code PROBE_SESSION}). */
    public static final int PROBE_SESSION = 1;
    /** The mirror's clone session to the CPU (the program's {@code MIRROR_SESSION}). */
    public static final int MIRROR_SESSION = 2;

    private RingWorldDataPlane() {
    }

    /** The program's source text, as shipped. */
    public static String source() {
        try (InputStream in = RingWorldDataPlane.class.getResourceAsStream(PROGRAM_FILE)) {
            if (in == null) {
                throw new IllegalStateException(PROGRAM_FILE + " is missing from the jar (io/ringworld/p4/ringworld/)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The program, through the front end (throws P4RejectedException if it left the subset). */
    public static CheckedProgram program() {
        return CheckedProgram.compile(source());
    }

    /** A fresh switch running the program: empty tables, zeroed registers. */
    public static Pipeline newPipeline(CheckedProgram program) {
        return new Pipeline(program, SwitchPorts.CPU_PORT, PASSES_MAX);
    }
}
