package io.stingray.raylet.context;

import io.stingray.api.ObjectRef;
import java.time.Duration;

/** Resolves refs to values for {@link ObjectRef#get()}; implemented by the job's context. */
public interface ObjectGetter {
  /**
   * Blocks until the object is available (at most {@code timeout}; null waits forever).
   *
   * @throws io.stingray.api.exception.RayException subclasses as {@code RayContext.get} does
   */
  Object get(ObjectRef<?> ref, Duration timeout);
}
