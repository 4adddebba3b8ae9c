package io.stingray.api;

/** Options of a placement group before it is created. Not thread-safe. */
public interface PlacementGroupCreator {
  /**
   * A name to find it by with {@code getPlacementGroup}: unique in the creating job's namespace
   * across the cluster until the group is removed.
   */
  PlacementGroupCreator setName(String n);

  /**
   * Starts reserving the bundles and returns at once; {@link PlacementGroup#wait} tells when they
   * are reserved.
   *
   * @throws IllegalArgumentException if the name is taken in the namespace (the message names the
   *     group and node that hold it)
   */
  PlacementGroup create();
}
