package io.ringworld.kernel.testhooks;

/**
 * What a test plants in a node, kept out of {@link io.ringworld.kernel.Config} so that no
 * production setting can switch a bug on. A node built without hooks uses {@link #NONE}.
 *
 * <p>The simulator, the kernel's tests and the conformance replay pass hooks to the nodes they
 * build. A real node must load them only when started with an explicit unsafe flag (for example
 * {@code --unsafe-test-hooks}) and say so in its first log line: real-cluster campaigns plant
 * bugs to show that their checkers catch them, and nothing else ever should.
 */
public final class TestHooks {
    /** No bug planted: what every production node runs. */
    public static final TestHooks NONE = new TestHooks(PlantedBug.NONE);

    private final PlantedBug plantedBug;

    private TestHooks(PlantedBug plantedBug) {
        this.plantedBug = plantedBug;
    }

    /** Hooks that plant {@code bug} ({@link #NONE} for {@link PlantedBug#NONE}). */
    public static TestHooks planting(PlantedBug bug) {
        if (bug == null) {
            throw new IllegalArgumentException("bug must not be null (use PlantedBug.NONE)");
        }
        return bug == PlantedBug.NONE ? NONE : new TestHooks(bug);
    }

    /** The planted bug, {@link PlantedBug#NONE} if there is none. */
    public PlantedBug plantedBug() {
        return plantedBug;
    }

    /**
     * True if {@code bug} is planted. Kernel code tests a bug only through this call, on a line
     * of its own or through a local flag set from it: the replay's coverage report leaves exactly
     * those lines out (they belong to the checkers, not to the protocol).
     */
    public boolean planted(PlantedBug bug) {
        return plantedBug == bug;
    }

    @Override
    public String toString() {
        return "TestHooks{plantedBug=" + plantedBug + "}";
    }
}
