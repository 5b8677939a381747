package io.ringworld.kernel;

/** Member {@code member} (0..membersPerSet-1) of replica set {@code replicaSet}. */
public record ServerId(int replicaSet, int member) implements NodeId {
    public ServerId {
        if (replicaSet < 0 || member < 0) {
            throw new IllegalArgumentException("server id parts must be >= 0, got " + replicaSet + "/" + member);
        }
    }

    @Override
    public String toString() {
        return "server" + replicaSet + "." + member;
    }
}
