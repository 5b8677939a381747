package io.ringworld.p4.stf;

import java.util.List;

/** The outcome of an STF run: every mismatch, missing or unexpected packet, as a message. */
public record StfResult(List<String> failures, int packetsSent, int packetsMatched) {
  public StfResult {
    failures = List.copyOf(failures);
  }

  public boolean passed() {
    return failures.isEmpty();
  }
}
