package io.stingray.raylet.task;

import io.stingray.api.PlacementGroup;
import io.stingray.api.SchedulingStrategy;
import io.stingray.raylet.scheduler.ResourceSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** The options a task caller collects before {@code remote()}. Not thread-safe. */
public final class TaskOptions {
  String name;
  Map<String, Double> resources;
  int maxRetries = 3;
  boolean retryExceptions;
  PlacementGroup placementGroup;
  int bundleIndex = -1;
  SchedulingStrategy strategy = SchedulingStrategy.defaultStrategy();

  void resource(String name, double quantity) {
    ResourceSet.checkEntry(name, quantity);
    if (resources == null) {
      resources = new HashMap<>(Map.of("CPU", 1.0));
    }
    resources.put(name, quantity);
  }

  void resources(Map<String, Double> all) {
    Objects.requireNonNull(all, "resources");
    all.forEach(this::resource);
  }

  void maxRetries(int n) {
    if (n < -1) {
      throw new IllegalArgumentException("maxRetries must be >= -1 (-1 = infinite), got " + n);
    }
    maxRetries = n;
  }

  void placementGroup(PlacementGroup group, int index) {
    io.stingray.raylet.placement.PlacementGroups.checkBundleIndex(group, index);
    placementGroup = group;
    bundleIndex = index;
  }

  void strategy(SchedulingStrategy s) {
    strategy = Objects.requireNonNull(s, "scheduling strategy");
  }

  /** The demand: one CPU unless set. */
  ResourceSet demand() {
    return resources == null ? ResourceSet.ONE_CPU : ResourceSet.of(resources);
  }
}
