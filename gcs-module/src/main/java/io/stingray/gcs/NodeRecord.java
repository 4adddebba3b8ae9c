package io.stingray.gcs;

import io.stingray.api.JobId;
import io.stingray.api.NodeId;
import java.util.Map;
import java.util.Set;

/**
 * One row of the node table: what the cluster knows of a raylet.
 *
 * @param address where its raylet service listens (host:port)
 * @param heartbeatMillis wall-clock time of its last update
 */
public record NodeRecord(
    NodeId id,
    String name,
    String address,
    boolean alive,
    Map<String, Double> totalResources,
    Map<String, Double> availableResources,
    Map<String, String> labels,
    Set<JobId> jobs,
    long heartbeatMillis) {

  public NodeRecord {
    totalResources = Map.copyOf(totalResources);
    availableResources = Map.copyOf(availableResources);
    labels = Map.copyOf(labels);
    jobs = Set.copyOf(jobs);
  }

  /** This record with new available resources and a fresh heartbeat. */
  public NodeRecord withAvailable(Map<String, Double> available, long nowMillis) {
    return new NodeRecord(
        id, name, address, alive, totalResources, available, labels, jobs, nowMillis);
  }

  /** This record marked dead. */
  public NodeRecord dead() {
    return new NodeRecord(
        id, name, address, false, totalResources, Map.of(), labels, jobs, heartbeatMillis);
  }
}
