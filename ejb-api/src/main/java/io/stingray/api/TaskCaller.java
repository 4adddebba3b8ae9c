package io.stingray.api;

import java.util.Map;

/**
 * Options of one task before it is submitted; {@link #remote()} submits it. Not thread-safe: build
 * and submit a caller on one thread. Setters return this caller.
 *
 * @param <R> the result type
 */
public interface TaskCaller<R> {
  /** A name shown in the console and in errors (default: the function's name). */
  TaskCaller<R> setName(String name);

  /**
   * Requires {@code quantity} of a resource ("CPU", "GPU", "memory" or a custom name); the default
   * is 1 CPU. Zero removes the requirement.
   *
   * @throws IllegalArgumentException for a negative quantity or a blank name
   */
  TaskCaller<R> setResource(String name, double quantity);

  /** Sets several resources as {@link #setResource} does. */
  TaskCaller<R> setResources(Map<String, Double> resources);

  /** Retries on node or worker failure (default 3; -1 infinite). */
  TaskCaller<R> setMaxRetries(int maxRetries);

  /** Also retry when the function throws (default false). */
  TaskCaller<R> setRetryExceptions(boolean retry);

  /** Runs in a bundle of a placement group; -1 means any bundle. */
  TaskCaller<R> setPlacementGroup(PlacementGroup group, int bundleIndex);

  /** Where the task may run (default: local first, then least loaded). */
  TaskCaller<R> setSchedulingStrategy(SchedulingStrategy strategy);

  /**
   * Submits the task and returns the ref of its result at once.
   *
   * @throws io.stingray.api.exception.UnschedulableException if no node could ever satisfy its
   *     resources
   * @throws io.stingray.api.exception.RayException if an argument cannot be serialized
   */
  ObjectRef<R> remote();
}
