package io.stingray.raylet.placement;

import io.stingray.api.PlacementGroup;
import io.stingray.api.PlacementGroupCreator;
import io.stingray.api.PlacementGroupId;
import io.stingray.api.PlacementStrategy;
import io.stingray.api.exception.UnschedulableException;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.scheduler.ResourceSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Placement groups on this node. Reserving a group takes the sum of its bundles from the node and
 * adds, as Ray does, per-bundle resources ({@code CPU_group_0_<id>}) and group-wide ones ({@code
 * CPU_group_<id>}); a task placed in a bundle then simply demands those names, so the ordinary
 * scheduler runs it. A group that cannot be placed yet stays pending and is retried; one that can
 * never be placed here (STRICT_SPREAD over more bundles than nodes, or more than the node has)
 * stays pending for good and {@code wait} returns false. Thread-safe.
 */
public final class PlacementGroups {
  private final LocalScheduler scheduler;
  private final ConcurrentHashMap<PlacementGroupId, Group> groups = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, PlacementGroupId> names = new ConcurrentHashMap<>();

  private static final class Group {
    final PlacementGroupImpl pg;
    final ResourceSet sum;
    final boolean feasible;
    final CompletableFuture<Boolean> placed = new CompletableFuture<>();
    boolean reserved;
    boolean removed;

    Group(PlacementGroupImpl pg, ResourceSet sum, boolean feasible) {
      this.pg = pg;
      this.sum = sum;
      this.feasible = feasible;
    }
  }

  public PlacementGroups(LocalScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** A creator for {@code RayContext.placementGroup}. */
  public PlacementGroupCreator creator(
      List<Map<String, Double>> bundles, PlacementStrategy strategy) {
    Objects.requireNonNull(bundles, "bundles");
    Objects.requireNonNull(strategy, "strategy");
    if (bundles.isEmpty()) {
      throw new IllegalArgumentException("a placement group needs at least one bundle");
    }
    for (Map<String, Double> b : bundles) {
      if (b == null || ResourceSet.of(b).isEmpty()) {
        throw new IllegalArgumentException("every bundle needs a resource > 0, got " + b);
      }
    }
    List<Map<String, Double>> copy = bundles.stream().map(Map::copyOf).toList();
    return new PlacementGroupCreator() {
      private String name;

      @Override
      public PlacementGroupCreator setName(String n) {
        name = n;
        return this;
      }

      @Override
      public PlacementGroup create() {
        return PlacementGroups.this.create(copy, strategy, name);
      }
    };
  }

  private PlacementGroup create(
      List<Map<String, Double>> bundles, PlacementStrategy strategy, String name) {
    PlacementGroupId id = PlacementGroupId.random();
    if (name != null && names.putIfAbsent(name, id) != null) {
      throw new IllegalArgumentException("the placement group name '" + name + "' is taken");
    }
    Map<String, Double> total = new HashMap<>();
    bundles.forEach(b -> ResourceSet.of(b).giveBack(total));
    ResourceSet sum = ResourceSet.of(total);
    boolean feasible =
        !(strategy == PlacementStrategy.STRICT_SPREAD && bundles.size() > 1)
            && scheduler.feasible(sum);
    Group g = new Group(new PlacementGroupImpl(id, name, bundles, strategy, this), sum, feasible);
    groups.put(id, g);
    tryPlace(g);
    return g.pg;
  }

  private void tryPlace(Group g) {
    synchronized (g) {
      if (g.reserved || g.removed || !g.feasible || !scheduler.tryTake(g.sum)) {
        return;
      }
      g.reserved = true;
    }
    Map<String, Double> added = new HashMap<>();
    List<Map<String, Double>> bundles = g.pg.bundles();
    String hex = g.pg.id().hex();
    for (int i = 0; i < bundles.size(); i++) {
      for (Map.Entry<String, Double> e : bundles.get(i).entrySet()) {
        added.merge(e.getKey() + "_group_" + i + "_" + hex, e.getValue(), Double::sum);
        added.merge(e.getKey() + "_group_" + hex, e.getValue(), Double::sum);
      }
    }
    scheduler.addResources(ResourceSet.of(added));
    g.placed.complete(true);
  }

  /** Retries groups still pending (called periodically and by {@code wait}). */
  public void retryPending() {
    for (Group g : groups.values()) {
      if (!g.placed.isDone()) {
        tryPlace(g);
      }
    }
  }

  boolean await(PlacementGroupId id, Duration timeout) {
    Group g = groups.get(id);
    if (g == null) {
      return false;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      tryPlace(g);
      long left = deadline - System.nanoTime();
      try {
        return g.placed.get(
            Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50))), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (left <= 0) {
          return false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (ExecutionException e) {
        return false;
      }
    }
  }

  /**
   * The demand of a task or actor placed in a bundle, in the group's resource names.
   *
   * @throws UnschedulableException if the group was removed or the bundle can never hold it
   */
  public ResourceSet bundleDemand(PlacementGroup pg, int index, ResourceSet demand) {
    Group g = groups.get(pg.id());
    if (g == null || g.removed) {
      throw new UnschedulableException("placement group " + pg.id().hex() + " was removed");
    }
    List<Map<String, Double>> bundles = g.pg.bundles();
    boolean fits =
        index >= 0 ? demand.fitsIn(bundles.get(index)) : bundles.stream().anyMatch(demand::fitsIn);
    if (!fits) {
      throw new UnschedulableException(
          "demand "
              + demand
              + " does not fit in "
              + (index >= 0 ? "bundle " + index : "any bundle")
              + " of placement group "
              + pg.id().hex()
              + " "
              + bundles);
    }
    String suffix = (index >= 0 ? "_group_" + index + "_" : "_group_") + pg.id().hex();
    Map<String, Double> translated = new HashMap<>();
    demand.toMap().forEach((k, v) -> translated.put(k + suffix, v));
    if (translated.isEmpty()) {
      return ResourceSet.EMPTY;
    }
    return ResourceSet.of(translated);
  }

  /**
   * Checks a bundle index given with a placement group.
   *
   * @throws NullPointerException if the group is null
   * @throws IllegalArgumentException if the index is not -1 (any) or a bundle of the group
   */
  public static void checkBundleIndex(PlacementGroup group, int index) {
    java.util.Objects.requireNonNull(group, "placement group");
    if (index < -1 || index >= group.bundles().size()) {
      throw new IllegalArgumentException(
          "bundle index "
              + index
              + " is out of range for a group of "
              + group.bundles().size()
              + " bundles (-1 = any)");
    }
  }

  /** A group by name, unless removed. */
  public Optional<PlacementGroup> byName(String name) {
    PlacementGroupId id = names.get(name);
    Group g = id == null ? null : groups.get(id);
    return g == null || g.removed ? Optional.empty() : Optional.of(g.pg);
  }

  /** Removes a group: its bundles are freed and work waiting on it fails. */
  public void remove(PlacementGroupId id) {
    Group g = groups.remove(id);
    if (g == null) {
      return;
    }
    boolean wasReserved;
    synchronized (g) {
      g.removed = true;
      wasReserved = g.reserved;
    }
    if (g.pg.name() != null) {
      names.remove(g.pg.name(), id);
    }
    g.placed.complete(false);
    String hex = id.hex();
    scheduler.removeResources(
        n -> n.endsWith(hex),
        new UnschedulableException("placement group " + hex + " was removed"));
    if (wasReserved) {
      scheduler.release(g.sum);
    }
  }

  /** Number of groups (placed or pending). */
  public int size() {
    return groups.size();
  }
}
