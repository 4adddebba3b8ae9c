package io.stingray.raylet.placement;

import io.stingray.api.PlacementGroup;
import io.stingray.api.PlacementGroupId;
import io.stingray.api.PlacementStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@link PlacementGroup}: the group's description plus the registry that places it. */
final class PlacementGroupImpl implements PlacementGroup {
  private static final long serialVersionUID = 1L;
  private final PlacementGroupId id;
  private final String name;
  private final List<Map<String, Double>> bundles;
  private final PlacementStrategy strategy;
  private final transient PlacementGroups registry;

  PlacementGroupImpl(
      PlacementGroupId id,
      String name,
      List<Map<String, Double>> bundles,
      PlacementStrategy strategy,
      PlacementGroups registry) {
    this.id = id;
    this.name = name;
    this.bundles = bundles;
    this.strategy = strategy;
    this.registry = registry;
  }

  @Override
  public PlacementGroupId id() {
    return id;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Map<String, Double>> bundles() {
    return bundles;
  }

  @Override
  public PlacementStrategy strategy() {
    return strategy;
  }

  @Override
  public boolean wait(Duration timeout) {
    return registry.await(id, timeout);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlacementGroupImpl p && p.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "PlacementGroup(" + id.hex() + (name == null ? "" : ", " + name) + ")";
  }
}
