package io.ringworld.kernel;

/** Member {@code member} (0..membersPerSet-1) of replica set {@code replicaSet}. */
public record ServerId(int replicaSet, int member) implements NodeId {
    public ServerId {
        if (replicaSet < 0 || member < 0) {
            throw new IllegalArgumentException("server id parts must be >= 0, got " + replicaSet + "/" + member);
        }
    }

    // Written out (same values as the generated ones): ids are compared on every step.
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof ServerId s && s.replicaSet == replicaSet && s.member == member);
    }

    @Override
    public int hashCode() {
        return replicaSet * 31 + member;
    }

    @Override
    public String toString() {
        return "server" + replicaSet + "." + member;
    }
}
