package io.stingray.api;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A gang reservation of resource bundles. Thread-safe; may be passed to tasks. */
public interface PlacementGroup extends Serializable {
  /** Its id. */
  PlacementGroupId id();

  /** Its name, or null. */
  String name();

  /** The bundles, in index order. */
  List<Map<String, Double>> bundles();

  /** How the bundles are spread. */
  PlacementStrategy strategy();

  /**
   * Blocks until every bundle is reserved or the timeout passes.
   *
   * @return true once every bundle is reserved; false on timeout, or if the group cannot be placed
   *     or was removed
   */
  boolean wait(Duration timeout);
}
