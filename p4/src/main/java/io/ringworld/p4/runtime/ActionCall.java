package io.ringworld.p4.runtime;

import java.util.List;

/** An action by control-plane name with its directionless parameters (action data), in order. */
public record ActionCall(String action, List<Param> params) {
  public ActionCall {
    params = List.copyOf(params);
  }

  public static ActionCall of(String action, Param... params) {
    return new ActionCall(action, List.of(params));
  }

  /** One action parameter by name. */
  public record Param(String name, long value) {}
}
