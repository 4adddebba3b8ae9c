package io.stingray.raylet.placement;

import io.stingray.api.NodeId;
import io.stingray.api.PlacementGroup;
import io.stingray.api.PlacementGroupCreator;
import io.stingray.api.PlacementGroupId;
import io.stingray.api.PlacementStrategy;
import io.stingray.api.exception.UnschedulableException;
import io.stingray.gcs.PlacementGroupRecord;
import io.stingray.gcs.PlacementGroupTable;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.scheduler.ResourceSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Placement groups created on this node, and bundles this node hosts for groups created elsewhere.
 * A group is placed atomically: its creator picks a node per bundle by the group's strategy, every
 * chosen node takes the bundles' resources (PREPARE), and only when all did they add, as Ray does,
 * per-bundle resources ({@code CPU_group_0_<id>}) and group-wide ones ({@code CPU_group_<id>})
 * (COMMIT); otherwise the prepared ones give them back and the group stays pending and is retried.
 * A task or actor placed in a bundle demands those names and goes to the bundle's node. A group
 * that does not fit (STRICT_SPREAD over more bundles than nodes, more than any node has) stays
 * pending and {@code wait} returns false. Groups are written to the GCS, so any node finds one by
 * name and places work in it; a removal asked elsewhere is carried out by the creator on its next
 * heartbeat. Bundles of a lost node are placed again by the creator; a group whose creator is lost
 * is gone, and its bundles on other nodes are freed. Thread-safe.
 *
 * <p>Over 400 lines because a group's creator side is one state machine over one lock per group:
 * create, reserve in two phases (with rollback), publish, name, wait, remove, and repair after node
 * loss all read and write the same {@code Group}; the pure parts are apart ({@link BundlePlan}
 * plans, {@link BundleHost} holds bundles for other nodes).
 */
public final class PlacementGroups {
  /** The other nodes, for groups whose bundles do not all fit here. */
  public interface Cluster {
    /** The other alive nodes and their available resources (recent, not exact). */
    Map<NodeId, Map<String, Double>> available();

    /**
     * Why this node may not place groups now (it is on the minority side of a partition), or null.
     */
    default String fenced() {
      return null;
    }

    /**
     * Sends one phase of a reservation to a node.
     *
     * @return false if the node refused (PREPARE: not free now) or could not be reached
     */
    boolean send(
        NodeId node, Phase phase, PlacementGroupId id, Map<Integer, Map<String, Double>> bundles);
  }

  /** The steps of reserving bundles on a node. */
  public enum Phase {
    PREPARE,
    COMMIT,
    CANCEL
  }

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(PlacementGroups.class);
  private final LocalScheduler scheduler;
  private final NodeId self;
  private final Cluster cluster;
  private final PlacementGroupTable table;
  private final BundleHost host; // the bundles this node hosts for groups created elsewhere

  private final ConcurrentHashMap<PlacementGroupId, Group> groups = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Name, PlacementGroupId> names = new ConcurrentHashMap<>();

  /** A group name in its namespace. */
  private record Name(String namespace, String name) {}

  private final ConcurrentHashMap<PlacementGroupId, CompletableFuture<Boolean>> remoteWaiters =
      new ConcurrentHashMap<>();

  private static final class Group {
    final PlacementGroupImpl pg;
    // replaced by a new one while bundles of a lost node are placed again
    volatile CompletableFuture<Boolean> placed = new CompletableFuture<>();
    boolean reserved;
    boolean removed;
    boolean repairing; // guarded by this: a repair is under way

    /** Bundles whose node was lost, to be placed again (empty when whole). */
    volatile Set<Integer> missing = Set.of();

    /** Where each bundle is, once placed. */
    volatile Map<Integer, NodeId> nodes = Map.of();

    Group(PlacementGroupImpl pg) {
      this.pg = pg;
    }
  }

  /**
   * @param cluster the other nodes' bundle hosts, or null for groups on this node only (tests)
   * @param gcsTable where groups are published for other nodes, or null (tests)
   */
  public PlacementGroups(
      LocalScheduler scheduler, NodeId self, Cluster cluster, PlacementGroupTable gcsTable) {
    this.cluster = cluster;
    this.table = gcsTable;
    this.scheduler = scheduler;
    this.self = self;
    this.host = new BundleHost(scheduler);
  }

  /**
   * Another node reserves, commits or gives back bundles of its group here: see {@link
   * BundleHost#reserveHere}.
   */
  public boolean reserveHere(
      Phase phase, PlacementGroupId id, Map<Integer, Map<String, Double>> bundles) {
    return host.reserveHere(phase, id, bundles);
  }

  /** Writes a group this node created to the GCS, so that other nodes find and use it. */
  private void publish(Group g, String state) {
    PlacementGroupTable t = table;
    if (t == null) {
      return;
    }
    try {
      t.put(
          new PlacementGroupRecord(
              g.pg.id(),
              g.pg.name(),
              g.pg.strategy().name(),
              state,
              self,
              g.pg.bundles(),
              g.nodes));
    } catch (RuntimeException e) {
      LOG.warn("cannot record placement group {} in the GCS: {}", g.pg.id().hex(), e.toString());
    }
  }

  /** A group another node created, as the GCS has it (null if unknown or removed). */
  private PlacementGroupRecord record(PlacementGroupId id) {
    PlacementGroupTable t = table;
    if (t == null) {
      return null;
    }
    PlacementGroupRecord r = t.get(id).orElse(null);
    return r == null || "REMOVED".equals(r.state()) ? null : r;
  }

  /**
   * A creator for {@code RayContext.placementGroup}.
   *
   * @param namespace where the group's name, if it gets one, is unique (the job's namespace)
   */
  public PlacementGroupCreator creator(
      List<Map<String, Double>> bundles, PlacementStrategy strategy, String namespace) {
    Objects.requireNonNull(namespace, "namespace");
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
        return PlacementGroups.this.create(copy, strategy, name, namespace);
      }
    };
  }

  private PlacementGroup create(
      List<Map<String, Double>> bundles,
      PlacementStrategy strategy,
      String name,
      String namespace) {
    String fence = cluster == null ? null : cluster.fenced();
    if (fence != null) {
      throw new io.stingray.api.exception.RayException(
          "cannot create a placement group now: " + fence);
    }
    PlacementGroupId id = PlacementGroupId.random();
    if (name != null) {
      claim(namespace, name, id);
    }
    Group g = new Group(new PlacementGroupImpl(id, name, bundles, strategy, this));
    groups.put(id, g);
    publish(g, "PENDING");
    tryPlace(g);
    return g.pg;
  }

  /**
   * Places a group if its bundles fit now: picks a node per bundle by its strategy, prepares every
   * node (this one takes the resources; others are asked), and commits only if all prepared, else
   * rolls the prepared ones back and stays pending.
   */
  private void tryPlace(Group g) {
    synchronized (g) {
      if (g.reserved || g.removed) {
        return;
      }
      g.reserved = true; // placing: no second attempt meanwhile
    }
    Map<Integer, NodeId> plan = BundlePlan.assign(g.pg.bundles(), g.pg.strategy(), freeNow());
    if (plan == null || !reserve(g, plan)) {
      synchronized (g) {
        g.reserved = false;
      }
      return;
    }
    synchronized (g) { // remove() reads nodes under the same lock: one of us frees the bundles
      if (!g.removed) {
        g.nodes = Map.copyOf(plan);
        publish(g, "CREATED"); // before remove() can take its row out of the GCS
        g.placed.complete(true);
        return;
      }
    }
    LOG.info("placement group {} was removed while it was placed; freeing it", g.pg.id().hex());
    byNode(plan, g.pg.bundles()).forEach((n, bundles) -> cancel(n, g.pg.id(), bundles, true));
  }

  /** What each alive node has free now: this one first, then the others' last reports. */
  private Map<NodeId, Map<String, Double>> freeNow() {
    Cluster c = cluster;
    Map<NodeId, Map<String, Double>> free = new LinkedHashMap<>();
    free.put(self, scheduler.available());
    if (c != null) {
      free.putAll(c.available());
    }
    return free;
  }

  /**
   * Reserves the bundles of {@code plan} (bundle index to node) atomically: every node prepares
   * (this one takes the resources; others are asked), then all commit; if one refuses or does not
   * answer, every node of the plan rolls back (a PREPARE whose answer was lost may have taken
   * effect there: the CANCEL, sent after it on the same connection, undoes it) and this returns
   * false. A COMMIT refused or unanswered rolls the whole reservation back likewise.
   */
  private boolean reserve(Group g, Map<Integer, NodeId> plan) {
    Cluster c = cluster;
    PlacementGroupId id = g.pg.id();
    Map<NodeId, Map<Integer, Map<String, Double>>> byNode = byNode(plan, g.pg.bundles());
    List<NodeId> asked = new ArrayList<>();
    boolean selfTaken = false;
    for (Map.Entry<NodeId, Map<Integer, Map<String, Double>>> e : byNode.entrySet()) {
      boolean ok;
      if (e.getKey().equals(self)) {
        ok = selfTaken = scheduler.tryTake(BundleHost.sum(e.getValue()));
      } else {
        asked.add(e.getKey()); // asked, so maybe prepared even if the answer is lost
        ok = c != null && c.send(e.getKey(), Phase.PREPARE, id, e.getValue());
      }
      if (!ok) {
        for (NodeId n : asked) {
          cancel(n, id, byNode.get(n), false);
        }
        if (selfTaken) {
          cancel(self, id, byNode.get(self), false);
        }
        return false;
      }
    }
    boolean selfAdded = false;
    for (Map.Entry<NodeId, Map<Integer, Map<String, Double>>> e : byNode.entrySet()) {
      if (e.getKey().equals(self)) {
        scheduler.addResources(BundleHost.bundleResources(id, e.getValue()));
        selfAdded = true;
      } else if (!c.send(e.getKey(), Phase.COMMIT, id, e.getValue())) {
        LOG.warn(
            "placement group {}: node {} did not commit bundles {}; rolling back",
            id.hex(),
            e.getKey().hex(),
            e.getValue().keySet());
        for (Map.Entry<NodeId, Map<Integer, Map<String, Double>>> n : byNode.entrySet()) {
          boolean here = n.getKey().equals(self);
          // a remote node knows which of its bundles were committed
          cancel(n.getKey(), id, n.getValue(), !here || selfAdded);
        }
        return false;
      }
    }
    return true;
  }

  /** The bundles each node hosts, from a node per bundle. */
  private static Map<NodeId, Map<Integer, Map<String, Double>>> byNode(
      Map<Integer, NodeId> nodes, List<Map<String, Double>> bundles) {
    Map<NodeId, Map<Integer, Map<String, Double>>> byNode = new LinkedHashMap<>();
    nodes.forEach((i, n) -> byNode.computeIfAbsent(n, k -> new TreeMap<>()).put(i, bundles.get(i)));
    return byNode;
  }

  /** Gives back bundles on a node (prepared only, or committed too). */
  private void cancel(
      NodeId node, PlacementGroupId id, Map<Integer, Map<String, Double>> bundles, boolean added) {
    if (node.equals(self)) {
      host.unreserve(id, bundles, added ? bundles : Map.of());
    } else if (cluster != null) {
      cluster.send(node, Phase.CANCEL, id, bundles);
    }
  }

  /**
   * The node of a bundle ({@code -1}: of any bundle, this node if it hosts one), or null while the
   * group is not placed (or is unknown here).
   */
  public NodeId nodeOf(PlacementGroup pg, int index) {
    Group g = groups.get(pg.id());
    Map<Integer, NodeId> nodes;
    if (g != null) {
      if (!g.placed.isDone()) {
        return null;
      }
      nodes = g.nodes;
    } else {
      PlacementGroupRecord r = record(pg.id()); // created on another node
      if (r == null || !"CREATED".equals(r.state())) {
        return null;
      }
      nodes = r.bundleNodes();
    }
    if (index >= 0) {
      return nodes.get(index);
    }
    return nodes.containsValue(self) ? self : nodes.values().stream().findFirst().orElse(null);
  }

  /** Completes (true) once the group is placed, false if it is removed first. */
  public java.util.concurrent.CompletableFuture<Boolean> whenPlaced(PlacementGroup pg) {
    Group g = groups.get(pg.id());
    if (g != null) {
      return g.placed;
    }
    PlacementGroupRecord r = record(pg.id());
    if (r == null || "CREATED".equals(r.state())) {
      return CompletableFuture.completedFuture(r != null);
    }
    return remoteWaiters.computeIfAbsent(pg.id(), k -> new CompletableFuture<>());
  }

  /** Retries groups still pending (called periodically and by {@code wait}). */
  public void retryPending() {
    if (cluster != null && cluster.fenced() != null) {
      return; // a fenced node places nothing until the partition heals
    }
    for (Group g : groups.values()) {
      PlacementGroupTable t = table;
      PlacementGroupRecord r = t == null ? null : t.get(g.pg.id()).orElse(null);
      if (r != null && "REMOVED".equals(r.state())) {
        remove(g.pg.id()); // another node asked
      } else if (!g.missing.isEmpty()) {
        repair(g);
      } else if (!g.placed.isDone()) {
        tryPlace(g);
      }
    }
    for (PlacementGroupId id : List.copyOf(remoteWaiters.keySet())) {
      PlacementGroupRecord r = record(id);
      if (r == null || "CREATED".equals(r.state())) {
        CompletableFuture<Boolean> f = remoteWaiters.remove(id);
        if (f != null) {
          f.complete(r != null);
        }
      }
    }
  }

  boolean await(PlacementGroupId id, Duration timeout) {
    Group g = groups.get(id);
    if (g == null) {
      return awaitRemote(id, timeout);
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

  /** Waits for a group created on another node by reading the GCS until it is created. */
  private boolean awaitRemote(PlacementGroupId id, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      PlacementGroupRecord r = record(id);
      if (r == null || "CREATED".equals(r.state())) {
        return r != null;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
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
    List<Map<String, Double>> bundles;
    if (g != null && !g.removed) {
      bundles = g.pg.bundles();
    } else {
      PlacementGroupRecord r = g == null ? record(pg.id()) : null; // created on another node
      if (r == null) {
        throw new UnschedulableException("placement group " + pg.id().hex() + " was removed");
      }
      bundles = r.bundles();
    }
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

  /** Takes a name here and in the GCS (cluster-wide, per namespace), or says who holds it. */
  private void claim(String namespace, String name, PlacementGroupId id) {
    Name key = new Name(namespace, name);
    if (names.putIfAbsent(key, id) != null) {
      throw new IllegalArgumentException(
          "the placement group name '"
              + name
              + "' is taken in namespace '"
              + namespace
              + "' by a group of this node");
    }
    PlacementGroupTable t = table;
    Optional<PlacementGroupId> holder;
    try {
      holder = t == null ? Optional.empty() : t.claimName(namespace, name, id);
    } catch (RuntimeException e) {
      names.remove(key, id);
      throw e;
    }
    if (holder.isPresent()) {
      names.remove(key, id);
      String creator = t.get(holder.get()).map(r -> " on node " + r.creator().hex()).orElse("");
      throw new IllegalArgumentException(
          "the placement group name '"
              + name
              + "' is taken in namespace '"
              + namespace
              + "' by group "
              + holder.get().hex()
              + creator);
    }
  }

  /** A group by name in a namespace, unless removed. */
  public Optional<PlacementGroup> byName(String namespace, String name) {
    PlacementGroupId id = names.get(new Name(namespace, name));
    Group g = id == null ? null : groups.get(id);
    if (g != null) {
      return g.removed ? Optional.empty() : Optional.of(g.pg);
    }
    PlacementGroupTable t = table;
    return t == null
        ? Optional.empty()
        : t.byName(namespace, name)
            .map(
                r ->
                    new PlacementGroupImpl(
                        r.id(),
                        r.name(),
                        r.bundles(),
                        PlacementStrategy.valueOf(r.strategy()),
                        this));
  }

  /**
   * A node left: the bundles it hosted for groups created here are placed again on other nodes (now
   * if they fit, else on later heartbeats; the group is RESCHEDULING meanwhile, and work for those
   * bundles waits). Bundles on other nodes stay where they are. A group lives as long as the node
   * that created it: the bundles this node hosts for groups {@code lost} created are freed, and
   * those groups leave the GCS (work waiting for them fails with {@code UnschedulableException}).
   */
  public void nodeLost(NodeId lost) {
    orphaned(lost);
    for (Group g : groups.values()) {
      synchronized (g) {
        if (g.removed || !g.nodes.containsValue(lost)) {
          continue;
        }
        Set<Integer> missing = new TreeSet<>(g.missing);
        Map<Integer, NodeId> kept = new TreeMap<>();
        g.nodes.forEach(
            (i, n) -> {
              if (n.equals(lost)) {
                missing.add(i);
              } else {
                kept.put(i, n);
              }
            });
        g.nodes = Map.copyOf(kept);
        g.missing = Set.copyOf(missing);
        if (g.placed.isDone()) {
          g.placed = new CompletableFuture<>();
        }
      }
      LOG.info(
          "placement group {} lost bundles {} with node {}; placing them again",
          g.pg.id().hex(),
          g.missing,
          lost.hex());
      publish(g, "RESCHEDULING");
      if (cluster == null || cluster.fenced() == null) {
        repair(g); // else on a heartbeat once the partition healed
      }
    }
  }

  /** Frees what this node holds for groups whose creator was lost, and forgets those groups. */
  private void orphaned(NodeId lost) {
    PlacementGroupTable t = table;
    if (t == null) {
      return;
    }
    for (PlacementGroupId id : host.groups()) {
      PlacementGroupRecord r = t.get(id).orElse(null);
      if (r == null || r.creator().equals(lost)) {
        host.freeGroup(
            id, r == null ? "it left the GCS" : "its creator node " + lost.hex() + " is gone");
      }
    }
    try {
      for (PlacementGroupRecord r : t.all()) {
        if (r.creator().equals(lost)) {
          t.remove(r.id()); // every node does this; the same removal twice is harmless
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("cannot forget the groups of node {}: {}", lost.hex(), e.toString());
    }
  }

  /** Places the missing bundles of a group again, if they fit now. */
  private void repair(Group g) {
    Set<Integer> missing;
    Map<Integer, NodeId> kept;
    synchronized (g) {
      if (g.removed || g.missing.isEmpty() || g.repairing) {
        return;
      }
      g.repairing = true;
      missing = g.missing;
      kept = g.nodes;
    }
    try {
      Map<NodeId, Map<String, Double>> free = freeNow();
      PlacementStrategy strategy = g.pg.strategy();
      if (strategy == PlacementStrategy.STRICT_SPREAD) {
        kept.values().forEach(free::remove); // a node of its own per bundle
      } else if (strategy == PlacementStrategy.STRICT_PACK && !kept.isEmpty()) {
        free.keySet().retainAll(Set.copyOf(kept.values())); // all on one node
      }
      List<Integer> indices = List.copyOf(missing);
      List<Map<String, Double>> wanted = indices.stream().map(i -> g.pg.bundles().get(i)).toList();
      Map<Integer, NodeId> sub = BundlePlan.assign(wanted, strategy, free);
      if (sub == null) {
        return; // not now: the next heartbeat tries again
      }
      Map<Integer, NodeId> plan = new TreeMap<>();
      sub.forEach((k, n) -> plan.put(indices.get(k), n));
      if (!reserve(g, plan)) {
        return; // a node refused: the next heartbeat tries again
      }
      Map<Integer, NodeId> whole = new TreeMap<>(kept);
      whole.putAll(plan);
      CompletableFuture<Boolean> waiting = null;
      synchronized (g) {
        if (!g.removed) {
          g.nodes = Map.copyOf(whole);
          g.missing = Set.of();
          waiting = g.placed;
          publish(g, "CREATED"); // before remove() can take its row out of the GCS
        }
      }
      if (waiting == null) { // removed meanwhile: free what this repair reserved
        byNode(plan, g.pg.bundles()).forEach((n, b) -> cancel(n, g.pg.id(), b, true));
        return;
      }
      LOG.info("placement group {} placed bundles {} again: {}", g.pg.id().hex(), indices, plan);
      waiting.complete(true);
    } finally {
      synchronized (g) {
        g.repairing = false;
      }
    }
  }

  /** Removes a group: its bundles are freed on every node and work waiting on it fails. */
  public void remove(PlacementGroupId id) {
    Group g = groups.remove(id);
    if (g == null) {
      PlacementGroupRecord r = record(id); // another node's: it frees the bundles on its heartbeat
      if (r != null) {
        table.put(r.with("REMOVED", r.bundleNodes()));
      }
      return;
    }
    Map<Integer, NodeId> placed;
    synchronized (g) { // a placement under way sees this and frees what it reserved itself
      g.removed = true;
      placed = g.nodes;
    }
    PlacementGroupTable t = table;
    if (t != null) {
      try {
        t.remove(id);
      } catch (RuntimeException e) {
        LOG.warn("cannot remove placement group {} from the GCS: {}", id.hex(), e.toString());
      }
    }
    if (g.pg.name() != null) {
      names.values().remove(id);
    }
    g.placed.complete(false);
    byNode(placed, g.pg.bundles()).forEach((n, bundles) -> cancel(n, id, bundles, true));
  }

  /**
   * A group created on this node, for the console.
   *
   * @param state PENDING, CREATED, or RESCHEDULING (bundles of a lost node being placed again)
   * @param nodes the node of each bundle (empty while pending)
   */
  public record GroupInfo(
      PlacementGroupId id,
      String name,
      PlacementStrategy strategy,
      String state,
      List<Map<String, Double>> bundles,
      Map<Integer, NodeId> nodes) {}

  /** The groups created on this node. */
  public List<GroupInfo> snapshot() {
    List<GroupInfo> out = new ArrayList<>();
    for (Group g : groups.values()) {
      boolean placed = g.placed.isDone() && Boolean.TRUE.equals(g.placed.getNow(false));
      String state = !g.missing.isEmpty() ? "RESCHEDULING" : placed ? "CREATED" : "PENDING";
      out.add(
          new GroupInfo(g.pg.id(), g.pg.name(), g.pg.strategy(), state, g.pg.bundles(), g.nodes));
    }
    return out;
  }

  /** Number of groups (placed or pending). */
  public int size() {
    return groups.size();
  }
}
