package io.stingray.api.exception;

/**
 * Back-pressure: an actor's {@code maxPendingCalls} is reached, or the node hosting it holds as
 * many unfinished calls of it as it allows ({@code maxQueuedActorCalls}); try again after some
 * calls finish. The call was not run.
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
