package io.stingray.raylet.runtime;

import io.stingray.api.NodeId;
import io.stingray.api.NodeInfo;
import io.stingray.raylet.actor.ActorManager;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.object.ValueCodec;
import io.stingray.raylet.placement.PlacementGroups;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.task.TaskSubmitter;
import java.util.List;
import java.util.Map;

/** The parts of a node a job's context calls into; implemented by the raylet. */
public interface NodeServices {
  NodeId nodeId();

  ObjectTable table();

  ValueCodec codec();

  LocalScheduler scheduler();

  TaskSubmitter tasks();

  ActorManager actors();

  PlacementGroups placementGroups();

  /** Every node known to the cluster, dead ones too. */
  List<NodeInfo> nodeInfos();

  /** Total resources summed over alive nodes. */
  Map<String, Double> clusterResources();

  /** Available resources summed over alive nodes. */
  Map<String, Double> availableResources();
}
