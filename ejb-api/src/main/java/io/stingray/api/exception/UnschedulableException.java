package io.stingray.api.exception;

/**
 * No node in the cluster could ever satisfy the resource request; raised at once, not after a wait.
 */
public class UnschedulableException extends RayException {
  private static final long serialVersionUID = 1L;

  public UnschedulableException(String message) {
    super(message);
  }

  public UnschedulableException(String message, Throwable cause) {
    super(message, cause);
  }
}
