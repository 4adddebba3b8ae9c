package io.stingray.api;

/**
 * Options of one actor call before it is submitted. Not thread-safe.
 *
 * @param <R> the result type
 */
public interface ActorTaskCaller<R> {
  /** Retries of this call if the actor dies while it runs; overrides {@code maxTaskRetries}. */
  ActorTaskCaller<R> setMaxRetries(int n);

  /**
   * Submits the call and returns the ref of its result at once.
   *
   * @throws io.stingray.api.exception.PendingCallsLimitExceededException when the actor's {@code
   *     maxPendingCalls} is reached
   */
  ObjectRef<R> remote();
}
