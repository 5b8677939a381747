package io.ringworld.p4.v1model;

import io.ringworld.p4.lang.CheckedProgram;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Loads the example program for tests in this package. */
final class StfRunnerSupport {
  private StfRunnerSupport() {}

  static Pipeline example() throws IOException {
    try (InputStream in = StfRunnerSupport.class.getResourceAsStream("/p4/l2l3.p4")) {
      return new Pipeline(CheckedProgram.compile(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
  }
}
