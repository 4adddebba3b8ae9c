package io.stingray.console.state;

import io.stingray.gcs.ActorRecord;
import io.stingray.gcs.JobRecord;
import io.stingray.gcs.NodeRecord;
import io.stingray.raylet.Raylet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads the cluster's state from the GCS replica of this server's node: what the state endpoints
 * return. Read-only; thread-safe.
 */
public final class ClusterState {
  private final Raylet raylet;

  ClusterState(Raylet raylet) {
    this.raylet = raylet;
  }

  /** The state of the node running in this JVM, if any. */
  public static Optional<ClusterState> local() {
    return Raylet.running().stream().findFirst().map(ClusterState::new);
  }

  /** The actions the console may take on this cluster. */
  public ClusterActions actions() {
    return new ClusterActions(raylet);
  }

  /** Every node of the GCS table, alive or dead, with the figures each alive node reports. */
  public List<Views.NodeView> nodes() {
    Map<String, io.stingray.raylet.admin.ClusterTasks.Stats> stats =
        raylet.clusterTasks().overview().nodeStats();
    return raylet.gcs().nodes().all().stream()
        .map(n -> view(n, n.alive() ? stats.get(n.id().hex()) : null))
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .toList();
  }

  public List<Views.JobView> jobs() {
    return raylet.gcs().jobs().all().stream()
        .map(ClusterState::view)
        .sorted((a, b) -> Long.compare(a.startMillis(), b.startMillis()))
        .toList();
  }

  public List<Views.ActorView> actors() {
    Map<String, Integer> pending = raylet.clusterTasks().overview().actorPendingCalls();
    return raylet.gcs().actors().all().stream()
        .map(a -> view(a, pending.get(a.id().hex())))
        .sorted((a, b) -> a.id().compareTo(b.id()))
        .toList();
  }

  /**
   * The recent tasks of the whole cluster, newest first: the newest {@code limitPerNode} (in {@code
   * state}, if not null) that each alive node owns, asked over gRPC (a node that does not answer
   * within 5 s is left out and logged). Each node remembers its last {@code TaskEvents.CAPACITY}.
   */
  public List<Views.TaskView> tasks(int limitPerNode, String state) {
    return raylet.clusterTasks().list(limitPerNode, state).tasks().stream()
        .map(
            t ->
                new Views.TaskView(
                    t.taskId(),
                    t.function(),
                    t.state(),
                    t.node(),
                    t.owner(),
                    t.submittedMillis(),
                    t.startedMillis(),
                    t.endedMillis(),
                    t.error()))
        .toList();
  }

  /**
   * The recent tasks of {@link #tasks()} that have started, as Chrome trace events (the JSON that
   * {@code chrome://tracing} and Perfetto open, as Ray's {@code ray timeline} writes): one process
   * per node, one thread per lane of tasks that overlap in time.
   */
  public Map<String, Object> timeline() {
    Map<String, String> names = new java.util.HashMap<>();
    raylet.gcs().nodes().all().forEach(n -> names.put(n.id().hex(), n.name()));
    long now = System.currentTimeMillis();
    List<Views.TaskView> started =
        tasks(io.stingray.raylet.task.TaskEvents.CAPACITY, null).stream()
            .filter(t -> t.startedMillis() > 0)
            .sorted(java.util.Comparator.comparingLong(Views.TaskView::startedMillis))
            .toList();
    List<Map<String, Object>> events = new java.util.ArrayList<>();
    Map<String, List<Long>> laneEnds = new java.util.LinkedHashMap<>();
    for (Views.TaskView t : started) {
      List<Long> ends = laneEnds.computeIfAbsent(t.node(), n -> new java.util.ArrayList<>());
      long end = t.endedMillis() > 0 ? t.endedMillis() : now;
      int lane = 0;
      while (lane < ends.size() && ends.get(lane) > t.startedMillis()) {
        lane++;
      }
      if (lane == ends.size()) {
        ends.add(end);
      } else {
        ends.set(lane, end);
      }
      Map<String, Object> args = new TreeMap<>();
      args.put("task", t.id());
      args.put("state", t.state());
      if (t.error() != null) {
        args.put("error", t.error());
      }
      Map<String, Object> e = new java.util.LinkedHashMap<>();
      e.put("name", t.function());
      e.put("cat", "task");
      e.put("ph", "X");
      e.put("ts", t.startedMillis() * 1000);
      e.put("dur", (end - t.startedMillis()) * 1000);
      e.put("pid", t.node());
      e.put("tid", lane);
      e.put("args", args);
      events.add(e);
    }
    for (String node : laneEnds.keySet()) {
      events.add(
          Map.of(
              "name",
              "process_name",
              "ph",
              "M",
              "pid",
              node,
              "args",
              Map.of("name", "node " + names.getOrDefault(node, node))));
    }
    return Map.of("traceEvents", events, "displayTimeUnit", "ms");
  }

  /** Objects with an entry on this server's node (at most 10,000), largest first. */
  public List<Views.ObjectView> objects() {
    java.util.Set<io.stingray.api.ObjectId> spilled = raylet.store().spilledIds();
    Map<Long, String> owners = new java.util.HashMap<>();
    raylet.gcs().nodes().all().forEach(n -> owners.put(n.id().high(), n.id().hex()));
    String here = raylet.nodeId().hex();
    Map<io.stingray.api.ObjectId, io.stingray.gcs.ObjectDirectory.Copies> copies =
        raylet.gcs().objectDirectory().all();
    return raylet.table().snapshot(10_000).stream()
        .map(
            o ->
                new Views.ObjectView(
                    o.id().hex(),
                    o.state(),
                    o.size(),
                    owners.getOrDefault(o.id().high(), o.id().hex().substring(0, 16)),
                    here,
                    o.handles(),
                    spilled.contains(o.id()),
                    !o.ownedHere(),
                    copies.containsKey(o.id())
                        ? copies.get(o.id()).nodes().stream()
                            .map(io.stingray.api.NodeId::hex)
                            .toList()
                        : List.of()))
        .sorted((a, b) -> Long.compare(b.sizeBytes(), a.sizeBytes()))
        .toList();
  }

  /** Placement groups created on this server's node. */
  public List<Views.PlacementGroupView> placementGroups() {
    return raylet.placementGroups().snapshot().stream()
        .map(
            g -> {
              Map<Integer, String> nodes = new TreeMap<>();
              g.nodes().forEach((i, n) -> nodes.put(i, n.hex()));
              return new Views.PlacementGroupView(
                  g.id().hex(), g.name(), g.strategy().name(), g.state(), g.bundles(), nodes);
            })
        .sorted((a, b) -> a.id().compareTo(b.id()))
        .toList();
  }

  /** Counts by state and the cluster's resources, as Ray's {@code ray summary}. */
  public Map<String, Object> summary() {
    Map<String, Object> m = new TreeMap<>();
    // states straight from the GCS: the views would ask every node for figures not needed here
    m.put(
        "nodes",
        count(raylet.gcs().nodes().all().stream().map(n -> n.alive() ? "ALIVE" : "DEAD").toList()));
    m.put("jobs", count(jobs().stream().map(Views.JobView::state).toList()));
    m.put(
        "actors", count(raylet.gcs().actors().all().stream().map(a -> a.state().name()).toList()));
    io.stingray.raylet.admin.ClusterTasks.Listing cluster = raylet.clusterTasks().overview();
    m.put("tasks", cluster.byState());
    m.put(
        "taskTotals",
        Map.of(
            "submitted", cluster.submittedTotal(),
            "finished", cluster.finishedTotal(),
            "failed", cluster.failedTotal()));
    if (!cluster.unanswered().isEmpty()) {
      m.put("unansweredNodes", cluster.unanswered());
    }
    m.put("objects", count(objects().stream().map(Views.ObjectView::state).toList()));
    long[] done = raylet.tasks().events().finishedTotals();
    Map<String, Long> here = new TreeMap<>();
    raylet.tasks().events().recent().forEach(r -> here.merge(r.state(), 1L, Long::sum));
    m.put(
        "thisNode",
        Map.of(
            "tasks",
            here,
            "taskTotals",
            Map.of(
                "submitted", raylet.tasks().events().submittedTotal(),
                "finished", done[0],
                "failed", done[1])));
    io.stingray.raylet.Raylet.Traffic traffic = raylet.traffic();
    m.put(
        "traffic",
        Map.of(
            "pulls", traffic.pulls(),
            "pulledBytes", traffic.pulledBytes(),
            "pullsInFlight", traffic.pullsInFlight(),
            "spillbacks", traffic.spillbacks(),
            "pullsServed", traffic.pullsServed(),
            "objectPortSends", traffic.objectPortSends(),
            "checksumFailures", traffic.checksumFailures()));
    m.put(
        "taskLatency",
        Map.of(
            "boundsSeconds", io.stingray.raylet.task.TaskEvents.LATENCY_BOUNDS,
            "counts", raylet.tasks().events().latencyCounts(),
            "sumSeconds", raylet.tasks().events().latencySecondsSum()));
    m.put("clusterResources", new TreeMap<>(raylet.clusterResources()));
    m.put("availableResources", new TreeMap<>(raylet.availableResources()));
    m.put(
        "objectStore",
        Map.of(
            "usedBytes", raylet.store().usedBytes(),
            "spilledBytes", raylet.store().spilledBytes(),
            "capacityBytes", raylet.store().capacity()));
    return m;
  }

  private static Map<String, Long> count(List<String> states) {
    return states.stream()
        .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
  }

  private static Views.NodeView view(NodeRecord n, io.stingray.raylet.admin.ClusterTasks.Stats s) {
    return new Views.NodeView(
        n.id().hex(),
        n.name(),
        n.address(),
        n.alive() ? "ALIVE" : "DEAD",
        new TreeMap<>(n.totalResources()),
        new TreeMap<>(n.availableResources()),
        n.jobs().stream().map(j -> j.hex()).collect(Collectors.toSet()),
        n.heartbeatMillis(),
        s == null ? null : s.storeUsedBytes(),
        s == null ? null : s.storeCapacityBytes(),
        s == null ? null : s.storeSpilledBytes(),
        s == null ? null : s.running(),
        s == null ? null : s.queued());
  }

  private static Views.JobView view(JobRecord j) {
    return new Views.JobView(
        j.id().hex(),
        j.name(),
        j.namespace(),
        j.running() ? "RUNNING" : "ENDED",
        j.driverNode() == null ? null : j.driverNode().hex(),
        j.startMillis(),
        j.endMillis());
  }

  private static Views.ActorView view(ActorRecord a, Integer pending) {
    return new Views.ActorView(
        a.id().hex(),
        a.className(),
        a.name(),
        a.namespace(),
        a.state().name(),
        a.node() == null ? null : a.node().hex(),
        a.job() == null ? null : a.job().hex(),
        a.numRestarts(),
        a.detached(),
        a.deathCause(),
        pending);
  }
}
