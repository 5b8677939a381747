package io.ringworld.kernel.message;

import java.util.List;

/** The checks every {@link Message.Merged} record makes of its members. */
final class Merging {
    private Merging() {
    }

    /**
     * An unmodifiable copy of {@code members}: at least two, each sharing the first's fields
     * ({@link Message.Merged#mayShare}). The error names members by position, never prints them
     * (a payload's text is costly to build, and the check runs on every merged message).
     */
    static <M extends Message> List<M> checked(List<M> members, String kind) {
        List<M> copy = List.copyOf(members);
        if (copy.size() < 2) {
            throw new IllegalArgumentException(kind + " of " + copy.size() + " members: a merged message has at least two");
        }
        M first = copy.get(0);
        for (int k = 1; k < copy.size(); k++) {
            if (!Message.Merged.mayShare(first, copy.get(k))) {
                throw new IllegalArgumentException(kind + ": member " + k + " does not share the view, sender, ballot,"
                        + " verdict or promise of member 0");
            }
        }
        return copy;
    }
}
