package io.stingray.api.exception;

/**
 * The task or actor method threw; {@link #getCause()} is the original exception (type and message
 * kept, with the remote stack trace). Thrown by {@code get} of its result and of every result that
 * depended on it.
 */
public class RayTaskException extends RayException {
  private static final long serialVersionUID = 1L;

  public RayTaskException(String message) {
    super(message);
  }

  public RayTaskException(String message, Throwable cause) {
    super(message, cause);
  }
}
