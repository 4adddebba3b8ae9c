package io.stingray.raylet.cluster;

import io.stingray.api.NodeId;
import io.stingray.api.PlacementGroupId;
import io.stingray.gcs.NodeRecord;
import io.stingray.raylet.placement.PlacementGroups;
import io.stingray.raylet.rpc.Peers;
import io.stingray.raylet.rpc.proto.BundlesRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Placement groups' view of the other nodes: their free resources, and the Bundles RPC. */
public final class RemoteBundles implements PlacementGroups.Cluster {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteBundles.class);
  private final ClusterView view;
  private final Peers peers;
  private final Membership membership;

  public RemoteBundles(ClusterView view, Peers peers, Membership membership) {
    this.view = view;
    this.peers = peers;
    this.membership = membership;
  }

  @Override
  public String fenced() {
    return membership.fenced();
  }

  @Override
  public Map<NodeId, Map<String, Double>> available() {
    Map<NodeId, Map<String, Double>> m = new LinkedHashMap<>();
    for (NodeRecord r : view.alive()) {
      if (!r.id().equals(view.self())) {
        m.put(r.id(), r.availableResources());
      }
    }
    return m;
  }

  @Override
  public boolean send(
      NodeId node,
      PlacementGroups.Phase phase,
      PlacementGroupId id,
      Map<Integer, Map<String, Double>> bundles) {
    try {
      peers.to(node).bundles(BundlesRequest.Phase.valueOf(phase.name()), id, bundles);
      view.invalidate(); // its free resources changed
      return true;
    } catch (RuntimeException e) {
      LOG.debug(
          "{} of bundles {} of group {} on node {} failed: {}",
          phase,
          bundles.keySet(),
          id.hex(),
          node.hex(),
          e.getMessage());
      return false;
    }
  }
}
