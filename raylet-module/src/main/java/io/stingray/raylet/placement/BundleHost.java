package io.stingray.raylet.placement;

import io.stingray.api.PlacementGroupId;
import io.stingray.api.exception.UnschedulableException;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.scheduler.ResourceSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executor side of placement groups: the bundles this node reserves for groups other nodes
 * created (PREPARE takes their resources, COMMIT adds the bundle resources tasks ask for, CANCEL
 * gives back), bundle by bundle, so that a group can have several bundles here and a phase sent
 * twice takes nothing twice. The creating side ({@link PlacementGroups}) plans and drives the
 * phases. Thread-safe: one lock orders the phases.
 */
final class BundleHost {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BundleHost.class);
  private final LocalScheduler scheduler;

  /** Bundles this node hosts for groups created elsewhere: group -> bundle index -> bundle. */
  private final ConcurrentHashMap<PlacementGroupId, Map<Integer, HostedBundle>> hosted =
      new ConcurrentHashMap<>();

  /** One bundle hosted here: its resources, taken at PREPARE, and whether COMMIT added it. */
  private record HostedBundle(Map<String, Double> resources, boolean committed) {}

  /** Guards {@link #hosted}: the phases of one group's bundles here apply one at a time. */
  private final Object hostLock = new Object();

  BundleHost(LocalScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Another node reserves, commits or gives back bundles of its group here. Each phase names the
   * bundles (by index) it is about: a PREPARE adds to what this node hosts for the group (a repair
   * may put a second bundle of a group here) and is idempotent (a PREPARE sent again after a lost
   * answer takes nothing twice); a COMMIT of bundles not prepared here is refused (false: the
   * creator rolls the reservation back); a CANCEL gives back only the bundles it names.
   *
   * @return false if PREPARE's resources are not free now, or COMMIT's bundles are not prepared
   */
  boolean reserveHere(
      PlacementGroups.Phase phase, PlacementGroupId id, Map<Integer, Map<String, Double>> bundles) {
    synchronized (hostLock) {
      Map<Integer, HostedBundle> here = hosted.get(id);
      switch (phase) {
        case PREPARE -> {
          Map<Integer, Map<String, Double>> fresh = new TreeMap<>(bundles);
          if (here != null) {
            fresh.keySet().removeAll(here.keySet());
          }
          if (!fresh.isEmpty() && !scheduler.tryTake(sum(fresh))) {
            return false;
          }
          Map<Integer, HostedBundle> now = here == null ? new TreeMap<>() : here;
          fresh.forEach((i, b) -> now.put(i, new HostedBundle(Map.copyOf(b), false)));
          hosted.put(id, now);
          return true;
        }
        case COMMIT -> {
          if (here == null || !here.keySet().containsAll(bundles.keySet())) {
            return false;
          }
          Map<Integer, Map<String, Double>> adding = new TreeMap<>();
          bundles.keySet().stream()
              .filter(i -> !here.get(i).committed())
              .forEach(i -> adding.put(i, here.get(i).resources()));
          adding.forEach((i, b) -> here.put(i, new HostedBundle(b, true)));
          if (!adding.isEmpty()) {
            scheduler.addResources(bundleResources(id, adding));
          }
          return true;
        }
        default -> {
          if (here != null) {
            giveBack(id, here, bundles.keySet());
          }
          return true;
        }
      }
    }
  }

  /** Gives back the named bundles of {@code here} (hosted for group {@code id}). Holds hostLock. */
  private void giveBack(
      PlacementGroupId id, Map<Integer, HostedBundle> here, java.util.Collection<Integer> indices) {
    Map<Integer, Map<String, Double>> taken = new TreeMap<>();
    Map<Integer, Map<String, Double>> added = new TreeMap<>();
    for (Integer i : List.copyOf(indices)) {
      HostedBundle b = here.remove(i);
      if (b != null) {
        taken.put(i, b.resources());
        if (b.committed()) {
          added.put(i, b.resources());
        }
      }
    }
    if (here.isEmpty()) {
      hosted.remove(id);
    }
    unreserve(id, taken, added);
  }

  /**
   * Takes the resources of committed bundles ({@code added}) off this node and gives back what
   * their reservation took ({@code taken}); queued work for them fails.
   */
  void unreserve(
      PlacementGroupId id,
      Map<Integer, Map<String, Double>> taken,
      Map<Integer, Map<String, Double>> added) {
    if (!added.isEmpty()) {
      UnschedulableException why =
          new UnschedulableException("placement group " + id.hex() + " was removed");
      String hex = id.hex();
      Set<String> perBundle = new HashSet<>();
      Map<String, Double> groupWide = new HashMap<>();
      added.forEach(
          (i, b) ->
              b.forEach(
                  (k, v) -> {
                    perBundle.add(k + "_group_" + i + "_" + hex);
                    groupWide.merge(k + "_group_" + hex, v, Double::sum);
                  }));
      scheduler.removeResources(perBundle::contains, why);
      scheduler.reduceResources(ResourceSet.of(groupWide), why);
    }
    if (!taken.isEmpty()) {
      scheduler.release(sum(taken));
    }
  }

  /** The groups with bundles here. */
  List<PlacementGroupId> groups() {
    return List.copyOf(hosted.keySet());
  }

  /** Frees every bundle of a group here (its creator is gone), saying why in the log. */
  void freeGroup(PlacementGroupId id, String why) {
    synchronized (hostLock) {
      Map<Integer, HostedBundle> held = hosted.get(id);
      if (held != null) {
        LOG.info("placement group {}: {}; bundles {} here are freed", id.hex(), why, held.keySet());
        giveBack(id, held, held.keySet());
      }
    }
  }

  /** Bundles hosted here now, of every group. */
  int bundles() {
    synchronized (hostLock) {
      return hosted.values().stream().mapToInt(Map::size).sum();
    }
  }

  static ResourceSet sum(Map<Integer, Map<String, Double>> bundles) {
    Map<String, Double> total = new HashMap<>();
    bundles.values().forEach(b -> ResourceSet.of(b).giveBack(total));
    return ResourceSet.of(total);
  }

  /** The resources tasks in these bundles demand: per bundle and group-wide, as Ray names them. */
  static ResourceSet bundleResources(
      PlacementGroupId id, Map<Integer, Map<String, Double>> bundles) {
    Map<String, Double> added = new HashMap<>();
    String hex = id.hex();
    bundles.forEach(
        (i, b) ->
            b.forEach(
                (k, v) -> {
                  added.merge(k + "_group_" + i + "_" + hex, v, Double::sum);
                  added.merge(k + "_group_" + hex, v, Double::sum);
                }));
    return ResourceSet.of(added);
  }
}
