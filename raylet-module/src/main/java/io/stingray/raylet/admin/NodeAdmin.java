package io.stingray.raylet.admin;

import io.stingray.api.ActorId;
import io.stingray.api.NodeId;
import io.stingray.api.ObjectId;
import io.stingray.api.admin.ActorView;
import io.stingray.api.admin.ClusterAdmin;
import io.stingray.api.admin.JobView;
import io.stingray.api.admin.NodeView;
import io.stingray.api.admin.ObjectView;
import io.stingray.api.admin.PlacementGroupView;
import io.stingray.api.admin.TaskView;
import io.stingray.gcs.ActorRecord;
import io.stingray.gcs.ActorState;
import io.stingray.gcs.GlobalControlStore;
import io.stingray.gcs.JobRecord;
import io.stingray.gcs.NodeRecord;
import io.stingray.gcs.ObjectDirectory;
import io.stingray.raylet.actor.ActorManager;
import io.stingray.raylet.object.ObjectStore;
import io.stingray.raylet.object.ObjectTable;
import io.stingray.raylet.placement.PlacementGroups;
import io.stingray.raylet.task.TaskEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The state and admin SPI ({@link ClusterAdmin}) over one node's parts: the GCS replica for the
 * tables, {@link ClusterTasks} for what every node reports of itself. Thread-safe.
 */
public final class NodeAdmin implements ClusterAdmin {
  /** What only the node as a whole knows. */
  public interface Node {
    /** False once the node is closing. */
    boolean running();

    /** Why the node is fenced (the minority side of a partition), or null. */
    String fenced();

    /** The node's object transfer counters, by name (as the summary's {@code traffic}). */
    Map<String, Number> traffic();

    Map<String, Double> clusterResources();

    Map<String, Double> availableResources();
  }

  private static final int MAX_OBJECTS = 10_000;

  private final NodeId self;
  private final GlobalControlStore gcs;
  private final ClusterTasks clusterTasks;
  private final TaskEvents events;
  private final ActorManager actors;
  private final ObjectStore store;
  private final ObjectTable table;
  private final PlacementGroups groups;
  private final Node node;

  public NodeAdmin(
      NodeId self,
      GlobalControlStore gcs,
      ClusterTasks clusterTasks,
      TaskEvents events,
      ActorManager actors,
      ObjectStore store,
      ObjectTable table,
      PlacementGroups groups,
      Node node) {
    this.self = self;
    this.gcs = gcs;
    this.clusterTasks = clusterTasks;
    this.events = events;
    this.actors = actors;
    this.store = store;
    this.table = table;
    this.groups = groups;
    this.node = node;
  }

  @Override
  public Health health() {
    if (!node.running()) {
      return new Health(false, false, "the Stingray node has stopped");
    }
    String fence = node.fenced();
    if (fence != null) {
      return new Health(false, true, fence);
    }
    try {
      boolean registered = gcs.nodes().get(self).map(NodeRecord::alive).orElse(false);
      return new Health(
          registered, true, registered ? "ok" : "the node is not registered in the GCS");
    } catch (RuntimeException e) {
      return new Health(false, true, "the GCS cannot be read: " + e);
    }
  }

  private void running() {
    if (!node.running()) {
      throw new IllegalStateException("the Stingray node " + self.hex() + " has stopped");
    }
  }

  @Override
  public List<NodeView> nodes() {
    running();
    Map<String, ClusterTasks.Stats> stats = clusterTasks.overview().nodeStats();
    return gcs.nodes().all().stream()
        .map(n -> view(n, n.alive() ? stats.get(n.id().hex()) : null))
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .toList();
  }

  @Override
  public List<JobView> jobs() {
    running();
    return gcs.jobs().all().stream()
        .map(NodeAdmin::view)
        .sorted((a, b) -> Long.compare(a.startMillis(), b.startMillis()))
        .toList();
  }

  @Override
  public List<ActorView> actors() {
    running();
    Map<String, Integer> pending = clusterTasks.overview().actorPendingCalls();
    return gcs.actors().all().stream()
        .map(a -> view(a, pending.get(a.id().hex())))
        .sorted((a, b) -> a.id().compareTo(b.id()))
        .toList();
  }

  @Override
  public List<TaskView> tasks(int limitPerNode, String state) {
    if (limitPerNode < 0) {
      throw new IllegalArgumentException("limitPerNode must be >= 0, got " + limitPerNode);
    }
    running();
    return clusterTasks.list(limitPerNode, state).tasks().stream()
        .map(
            t ->
                new TaskView(
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

  @Override
  public List<ObjectView> objects() {
    running();
    Set<ObjectId> spilled = store.spilledIds();
    Map<Long, String> owners = new HashMap<>();
    gcs.nodes().all().forEach(n -> owners.put(n.id().high(), n.id().hex()));
    String here = self.hex();
    Map<ObjectId, ObjectDirectory.Copies> copies = gcs.objectDirectory().all();
    return table.snapshot(MAX_OBJECTS).stream()
        .map(
            o ->
                new ObjectView(
                    o.id().hex(),
                    o.state(),
                    o.size(),
                    owners.getOrDefault(o.id().high(), o.id().hex().substring(0, 16)),
                    here,
                    o.handles(),
                    spilled.contains(o.id()),
                    !o.ownedHere(),
                    copies.containsKey(o.id())
                        ? copies.get(o.id()).nodes().stream().map(NodeId::hex).toList()
                        : List.of()))
        .sorted((a, b) -> Long.compare(b.sizeBytes(), a.sizeBytes()))
        .toList();
  }

  @Override
  public List<PlacementGroupView> placementGroups() {
    running();
    return groups.snapshot().stream()
        .map(
            g -> {
              Map<Integer, String> nodes = new TreeMap<>();
              g.nodes().forEach((i, n) -> nodes.put(i, n.hex()));
              return new PlacementGroupView(
                  g.id().hex(), g.name(), g.strategy().name(), g.state(), g.bundles(), nodes);
            })
        .sorted((a, b) -> a.id().compareTo(b.id()))
        .toList();
  }

  @Override
  public Map<String, Object> summary() {
    running();
    Map<String, Object> m = new TreeMap<>();
    // states straight from the GCS: the views would ask every node for figures not needed here
    m.put(
        "nodes", count(gcs.nodes().all().stream().map(n -> n.alive() ? "ALIVE" : "DEAD").toList()));
    m.put("jobs", count(jobs().stream().map(JobView::state).toList()));
    m.put("actors", count(gcs.actors().all().stream().map(a -> a.state().name()).toList()));
    ClusterTasks.Listing cluster = clusterTasks.overview();
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
    String fence = node.fenced();
    if (fence != null) {
      m.put("fenced", fence); // this node is on the minority side of a partition
    }
    m.put("objects", count(objects().stream().map(ObjectView::state).toList()));
    long[] done = events.finishedTotals();
    Map<String, Long> here = new TreeMap<>();
    events.recent().forEach(r -> here.merge(r.state(), 1L, Long::sum));
    m.put(
        "thisNode",
        Map.of(
            "tasks",
            here,
            "taskTotals",
            Map.of(
                "submitted", events.submittedTotal(),
                "finished", done[0],
                "failed", done[1])));
    m.put("traffic", node.traffic());
    m.put(
        "taskLatency",
        Map.of(
            "boundsSeconds", TaskEvents.LATENCY_BOUNDS,
            "counts", events.latencyCounts(),
            "sumSeconds", events.latencySecondsSum()));
    m.put("clusterResources", new TreeMap<>(node.clusterResources()));
    m.put("availableResources", new TreeMap<>(node.availableResources()));
    m.put(
        "objectStore",
        Map.of(
            "usedBytes", store.usedBytes(),
            "spilledBytes", store.spilledBytes(),
            "capacityBytes", store.capacity()));
    return m;
  }

  @Override
  public String killActor(String id, boolean noRestart) {
    running();
    ActorId actor = ActorId.fromHex(id);
    ActorRecord r =
        gcs.actors().get(actor).orElseThrow(() -> new NoSuchElementException("no actor " + id));
    if (r.state() == ActorState.DEAD) {
      throw new IllegalStateException("actor " + id + " is already dead");
    }
    actors.kill(actor, noRestart);
    return "actor "
        + r.className()
        + (r.name() == null || r.name().isEmpty() ? "" : " '" + r.name() + "'")
        + " ("
        + id
        + ")";
  }

  @Override
  public String cancelTask(String id, boolean force) {
    running();
    if (!clusterTasks.cancel(id, force)) {
      throw new NoSuchElementException("no alive node has an unfinished task " + id);
    }
    return "task " + id;
  }

  private static Map<String, Long> count(List<String> states) {
    return states.stream()
        .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
  }

  private static NodeView view(NodeRecord n, ClusterTasks.Stats s) {
    return new NodeView(
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

  private static JobView view(JobRecord j) {
    return new JobView(
        j.id().hex(),
        j.name(),
        j.namespace(),
        j.running() ? "RUNNING" : "ENDED",
        j.driverNode() == null ? null : j.driverNode().hex(),
        j.startMillis(),
        j.endMillis());
  }

  private static ActorView view(ActorRecord a, Integer pending) {
    return new ActorView(
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
