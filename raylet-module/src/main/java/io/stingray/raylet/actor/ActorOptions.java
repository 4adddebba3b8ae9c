package io.stingray.raylet.actor;

import io.stingray.api.ActorLifetime;
import io.stingray.api.PlacementGroup;
import io.stingray.api.SchedulingStrategy;
import io.stingray.raylet.scheduler.ResourceSet;
import java.util.HashMap;
import java.util.Map;

/** The options an actor creator collects before {@code remote()}. Not thread-safe. */
final class ActorOptions {
  String name;
  String namespace;
  ActorLifetime lifetime = ActorLifetime.NON_DETACHED;
  final Map<String, Double> resources = new HashMap<>();
  int maxRestarts;
  int maxTaskRetries;
  int maxConcurrency = 1;
  int maxPendingCalls = -1;
  PlacementGroup placementGroup;
  int bundleIndex = -1;
  SchedulingStrategy strategy = SchedulingStrategy.defaultStrategy();

  void resource(String n, double q) {
    ResourceSet.checkEntry(n, q);
    resources.put(n, q);
  }

  static int atLeastMinusOne(String what, int n) {
    if (n < -1) {
      throw new IllegalArgumentException(what + " must be >= -1 (-1 = infinite), got " + n);
    }
    return n;
  }

  void maxConcurrency(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("maxConcurrency must be >= 1, got " + n);
    }
    maxConcurrency = n;
  }

  void maxPendingCalls(int n) {
    if (n == 0 || n < -1) {
      throw new IllegalArgumentException(
          "maxPendingCalls must be >= 1 or -1 (unlimited), got " + n);
    }
    maxPendingCalls = n;
  }

  void name(String n) {
    if (n != null && n.isBlank()) {
      throw new IllegalArgumentException("an actor name must not be blank");
    }
    name = n;
  }

  void placementGroup(PlacementGroup group, int index) {
    io.stingray.raylet.placement.PlacementGroups.checkBundleIndex(group, index);
    placementGroup = group;
    bundleIndex = index;
  }
}
