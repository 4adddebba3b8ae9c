package io.stingray.api;

import java.io.Serializable;
import java.time.Duration;

/**
 * A reference to an immutable object in the cluster's object store: a future of a task's result or
 * the handle of a {@code put} value.
 *
 * <p>May travel inside arguments and results: a ref nested in another object keeps its object alive
 * while that object lives. When no ref to an object is reachable any more (and no pending task
 * needs it) the object is freed. Thread-safe.
 *
 * @param <T> the type of the object
 */
public interface ObjectRef<T> extends Serializable {
  /** The object's id. */
  ObjectId id();

  /** Same as {@code RayContext.get(this)}: blocks until the value is there. */
  T get();

  /** Same as {@code RayContext.get(this, timeout)}. */
  T get(Duration timeout);
}
