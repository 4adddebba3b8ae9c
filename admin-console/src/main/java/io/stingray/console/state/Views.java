package io.stingray.console.state;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JSON records of the state API (plain data, so JSON-B writes them as objects). */
public final class Views {
  private Views() {}

  /**
   * A node of the cluster. The object store and work figures are asked of the node itself; they are
   * null for a dead node or one that did not answer.
   *
   * @param running work running on the node now (tasks and actor calls, whoever owns them)
   * @param queued work waiting there for resources
   */
  public record NodeView(
      String id,
      String name,
      String address,
      String state,
      Map<String, Double> totalResources,
      Map<String, Double> availableResources,
      Set<String> jobs,
      long heartbeatMillis,
      Long objectStoreUsedBytes,
      Long objectStoreCapacityBytes,
      Long objectStoreSpilledBytes,
      Integer running,
      Integer queued) {}

  /** A driver or an application. */
  public record JobView(
      String id,
      String name,
      String namespace,
      String state,
      String driverNode,
      long startMillis,
      long endMillis) {}

  /**
   * A recent task of the cluster.
   *
   * @param state PENDING_ARGS, QUEUED, RUNNING, FINISHED or FAILED
   * @param node where it runs or ran
   * @param owner the node it was submitted on (which owns its result and remembers it)
   */
  public record TaskView(
      String id,
      String function,
      String state,
      String node,
      String owner,
      long submittedMillis,
      long startedMillis,
      long endedMillis,
      String error) {}

  /**
   * An object with an entry on this server's node: one it owns, or a secondary copy of another
   * node's object.
   *
   * @param state PENDING, READY or FAILED
   * @param owner the owning node's id, or the first 16 hex digits of it if that node is unknown
   * @param references live refs on this node (including pins for nodes that borrow it)
   * @param copies the nodes whose store holds a copy, from the GCS object directory (empty for an
   *     object small enough to travel inline)
   */
  public record ObjectView(
      String id,
      String state,
      long sizeBytes,
      String owner,
      String location,
      int references,
      boolean spilled,
      boolean secondaryCopy,
      List<String> copies) {}

  /**
   * A placement group created on this server's node.
   *
   * @param state PENDING or CREATED
   * @param bundleNodes bundle index → node id, once created
   */
  public record PlacementGroupView(
      String id,
      String name,
      String strategy,
      String state,
      List<Map<String, Double>> bundles,
      Map<Integer, String> bundleNodes) {}

  /**
   * An actor, alive or dead.
   *
   * @param pendingCalls calls queued or running on it, or null if no alive node that answered hosts
   *     it
   */
  public record ActorView(
      String id,
      String className,
      String name,
      String namespace,
      String state,
      String node,
      String job,
      int restarts,
      boolean detached,
      String deathCause,
      Integer pendingCalls) {}
}
