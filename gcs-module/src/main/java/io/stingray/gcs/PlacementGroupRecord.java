package io.stingray.gcs;

import io.stingray.api.NodeId;
import io.stingray.api.PlacementGroupId;
import java.util.List;
import java.util.Map;

/**
 * One row of the placement-group table: a group as every node sees it.
 *
 * @param name null for an unnamed group
 * @param strategy the {@code PlacementStrategy} name
 * @param state PENDING, CREATED or REMOVED (asked by any node; the creator frees the bundles)
 * @param creator the node that reserves and frees its bundles
 * @param bundleNodes bundle index → node, once created
 */
public record PlacementGroupRecord(
    PlacementGroupId id,
    String name,
    String strategy,
    String state,
    NodeId creator,
    List<Map<String, Double>> bundles,
    Map<Integer, NodeId> bundleNodes) {
  public PlacementGroupRecord {
    bundles = bundles.stream().map(Map::copyOf).toList();
    bundleNodes = Map.copyOf(bundleNodes);
  }

  /** This group in a new state, with its bundles' nodes. */
  public PlacementGroupRecord with(String next, Map<Integer, NodeId> nodes) {
    return new PlacementGroupRecord(id, name, strategy, next, creator, bundles, nodes);
  }
}
