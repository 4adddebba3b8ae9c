package io.stingray.api;

import java.io.Serializable;

/**
 * A handle to an actor: call its methods with the generated {@code task(...)} overloads of {@link
 * ActorCalls}. May be passed to tasks and other actors. Thread-safe.
 *
 * @param <A> the actor's class
 */
public interface ActorHandle<A> extends Serializable, ActorCalls<A> {
  /** The actor's id. */
  ActorId id();

  /** Kills the actor for good: {@code kill(true)}. Returns at once. */
  void kill();

  /**
   * Kills the actor: its running call and pending calls fail with {@code RayActorException} (unless
   * retried). With {@code noRestart} false the actor restarts while {@code maxRestarts} allows, and
   * calls queued behind the running one then run on the new instance. Returns at once.
   */
  void kill(boolean noRestart);
}
