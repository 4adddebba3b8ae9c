package io.stingray.api;

import jakarta.resource.Referenceable;
import java.io.Serializable;

/**
 * The JCA connection factory that the resource adapter binds; applications may look it up instead
 * of injecting {@link RayContext}. Thread-safe.
 */
public interface RayConnectionFactory extends Serializable, Referenceable {
  /**
   * A new connection handle; close it after use (try-with-resources).
   *
   * @throws io.stingray.api.exception.RayException if the node is not running
   */
  RayContext getContext();
}
