package io.stingray.api;

import java.util.Map;

/**
 * Options of an actor before it is created; {@link #remote()} creates it. Not thread-safe: build
 * and create on one thread. Setters return this creator.
 *
 * @param <A> the actor's class
 */
public interface ActorCreator<A> {
  /** Makes it a named actor, unique in its namespace. */
  ActorCreator<A> setName(String name);

  /** The namespace of its name (default: the job's namespace). */
  ActorCreator<A> setNamespace(String namespace);

  /** NON_DETACHED (default) dies with its job; DETACHED lives until killed. */
  ActorCreator<A> setLifetime(ActorLifetime lifetime);

  /**
   * Resources held for the actor's whole life (default: none).
   *
   * @throws IllegalArgumentException for a negative quantity or a blank name
   */
  ActorCreator<A> setResource(String name, double quantity);

  /** Sets several resources as {@link #setResource} does. */
  ActorCreator<A> setResources(Map<String, Double> resources);

  /** Restarts after a failure or {@code kill(false)} (default 0; -1 infinite). */
  ActorCreator<A> setMaxRestarts(int maxRestarts);

  /** Retries of calls in flight when the actor died (default 0; -1 infinite). */
  ActorCreator<A> setMaxTaskRetries(int maxTaskRetries);

  /** Calls that may run at once (default 1: one at a time, in submission order). */
  ActorCreator<A> setMaxConcurrency(int maxConcurrency);

  /**
   * A caller's calls submitted and not yet finished, the running one included, past which {@code
   * remote()} of a call throws {@code PendingCallsLimitExceededException} (default -1: unlimited).
   */
  ActorCreator<A> setMaxPendingCalls(int maxPendingCalls);

  /** Creates it in a bundle of a placement group; -1 means any bundle. */
  ActorCreator<A> setPlacementGroup(PlacementGroup group, int bundleIndex);

  /** Where the actor may be placed. */
  ActorCreator<A> setSchedulingStrategy(SchedulingStrategy strategy);

  /**
   * Starts creating the actor and returns its handle at once; calls made before the constructor
   * finished wait for it. If the constructor throws, every call fails with {@code
   * RayActorException}.
   *
   * @throws IllegalArgumentException if the name is already taken in the namespace
   * @throws io.stingray.api.exception.UnschedulableException if no node could ever host it
   */
  ActorHandle<A> remote();
}
