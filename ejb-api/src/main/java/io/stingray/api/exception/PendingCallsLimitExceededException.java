package io.stingray.api.exception;

/**
 * An actor's {@code maxPendingCalls} is reached (back-pressure); try again after some calls finish.
 */
public class PendingCallsLimitExceededException extends RayException {
  private static final long serialVersionUID = 1L;

  public PendingCallsLimitExceededException(String message) {
    super(message);
  }

  public PendingCallsLimitExceededException(String message, Throwable cause) {
    super(message, cause);
  }
}
