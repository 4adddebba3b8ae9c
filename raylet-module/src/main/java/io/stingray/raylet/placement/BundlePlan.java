package io.stingray.raylet.placement;

import io.stingray.api.NodeId;
import io.stingray.api.PlacementStrategy;
import io.stingray.raylet.scheduler.ResourceSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Planning a placement group: which node takes which bundle, from what each node has free. Pure;
 * reserving the plan on the nodes is {@link PlacementGroups}' (two-phase, through {@link
 * BundleHost} on each node).
 */
final class BundlePlan {
  private BundlePlan() {}

  /**
   * A node per bundle for a strategy, given what each node has free (this node first), or null if
   * the bundles do not fit now: PACK and STRICT_PACK try one node for all (PACK then fills nodes in
   * turn), SPREAD goes round the nodes (sharing one if it must), STRICT_SPREAD needs a node of its
   * own per bundle.
   */
  static Map<Integer, NodeId> assign(
      List<Map<String, Double>> bundles,
      PlacementStrategy strategy,
      Map<NodeId, Map<String, Double>> free) {
    List<NodeId> nodes = new ArrayList<>(free.keySet());
    Map<NodeId, Map<String, Double>> left = new HashMap<>();
    free.forEach((n, r) -> left.put(n, new HashMap<>(r)));
    Map<Integer, NodeId> plan = new TreeMap<>();
    if (strategy == PlacementStrategy.PACK || strategy == PlacementStrategy.STRICT_PACK) {
      Map<String, Double> all = new HashMap<>();
      bundles.forEach(b -> ResourceSet.of(b).giveBack(all));
      for (NodeId n : nodes) {
        if (ResourceSet.of(all).fitsIn(left.get(n))) {
          for (int i = 0; i < bundles.size(); i++) {
            plan.put(i, n);
          }
          return plan;
        }
      }
      if (strategy == PlacementStrategy.STRICT_PACK) {
        return null;
      }
    }
    Set<NodeId> used = new HashSet<>();
    for (int i = 0; i < bundles.size(); i++) {
      ResourceSet b = ResourceSet.of(bundles.get(i));
      NodeId chosen = null;
      for (int k = 0; k < nodes.size() && chosen == null; k++) {
        NodeId n = nodes.get(strategy == PlacementStrategy.PACK ? k : (i + k) % nodes.size());
        boolean allowed = strategy != PlacementStrategy.STRICT_SPREAD || !used.contains(n);
        if (allowed && b.fitsIn(left.get(n))) {
          chosen = n;
        }
      }
      if (chosen == null) {
        return null;
      }
      b.takeFrom(left.get(chosen));
      used.add(chosen);
      plan.put(i, chosen);
    }
    return plan;
  }
}
