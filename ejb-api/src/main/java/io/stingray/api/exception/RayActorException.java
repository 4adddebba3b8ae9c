package io.stingray.api.exception;

/** The actor died (killed, node lost, constructor threw, exited) and the call cannot complete. */
public class RayActorException extends RayException {
  private static final long serialVersionUID = 1L;

  public RayActorException(String message) {
    super(message);
  }

  public RayActorException(String message, Throwable cause) {
    super(message, cause);
  }
}
