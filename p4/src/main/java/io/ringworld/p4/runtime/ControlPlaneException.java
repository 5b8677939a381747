package io.ringworld.p4.runtime;

/** A control-plane request is invalid (unknown name, wrong width, duplicate or missing entry...). */
public final class ControlPlaneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ControlPlaneException(String message) {
    super(message);
  }
}
