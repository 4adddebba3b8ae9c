package io.stingray.api;

/** Options of one actor call returning nothing, before it is submitted. Not thread-safe. */
public interface VoidActorTaskCaller {
  /** Retries of this call if the actor dies while it runs; overrides {@code maxTaskRetries}. */
  VoidActorTaskCaller setMaxRetries(int n);

  /**
   * Submits the call; the ref completes with null once it has run.
   *
   * @throws io.stingray.api.exception.PendingCallsLimitExceededException when the actor's {@code
   *     maxPendingCalls} is reached
   */
  ObjectRef<Void> remote();
}
