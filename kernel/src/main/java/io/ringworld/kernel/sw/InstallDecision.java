package io.ringworld.kernel.sw;

import io.ringworld.kernel.Projection;

/**
 * What a view change decided for this switch (InstallView): the projection to install, the
 * lowest index written in it, and the trim points it starts from. {@link ViewChange} decides
 * (as coordinator, from an Install, or at boot); {@link Switch#install} applies it to itself and
 * to every handler, in one place.
 */
record InstallDecision(Projection projection, long rewriteFrom, TrimPoints trims) {
}
