package io.ringworld.conformance.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JaCoCo agent's runtime (org.jacoco.agent.rt.RT, present when the build ran prepare-agent),
 * reached by reflection so that the tests also run without the agent (then nothing is recorded
 * and the coverage report says so).
 */
final class JacocoAgent {
    private JacocoAgent() {
    }

    private static Object agent() {
        try {
            return Class.forName("org.jacoco.agent.rt.RT").getMethod("getAgent").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    static void reset() {
        Object a = agent();
        if (a != null) {
            try {
                a.getClass().getMethod("reset").invoke(a);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("JaCoCo agent reset failed", e);
            }
        }
    }

    static void dump(Path to) {
        Object a = agent();
        if (a == null) {
            System.out.println("spec replay: no JaCoCo agent, no coverage recorded");
            return;
        }
        try {
            byte[] data = (byte[]) a.getClass().getMethod("getExecutionData", boolean.class).invoke(a, false);
            Files.write(to, data);
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("JaCoCo agent dump failed", e);
        }
    }
}
