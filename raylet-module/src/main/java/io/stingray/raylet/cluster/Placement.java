package io.stingray.raylet.cluster;

import io.stingray.api.NodeId;
import io.stingray.api.SchedulingStrategy;
import io.stingray.api.exception.UnschedulableException;
import io.stingray.gcs.NodeRecord;
import io.stingray.raylet.rpc.Peers;
import io.stingray.raylet.scheduler.LocalScheduler;
import io.stingray.raylet.scheduler.ResourceSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/**
 * Picks the node for a task or an actor as Ray's hybrid policy does: this node while it is less
 * than half busy, else one of the least-loaded nodes that can run the demand and have the job's
 * code (at random among the best fifth, at least one); {@code SPREAD} goes round the feasible
 * nodes; node affinity pins (or, soft, prefers) a node. A remote node's load is its last heartbeat
 * or the work this node has sent it and not yet seen finish, whichever is more. Thread-safe.
 */
public final class Placement {
  /** Below this utilisation work stays on the submitting node (Ray's default, 50 %). */
  static final double LOCAL_THRESHOLD = 0.5;

  private final ClusterView view;
  private final LocalScheduler local;
  private final ToIntFunction<NodeId> inFlight;
  private final AtomicInteger spread = new AtomicInteger();

  /**
   * @param inFlight the work this node has sent a node and not yet seen finish ({@link
   *     Peers#inFlight})
   */
  public Placement(ClusterView view, LocalScheduler local, ToIntFunction<NodeId> inFlight) {
    this.view = view;
    this.local = local;
    this.inFlight = inFlight;
  }

  /**
   * Whether some alive node could ever run the demand for the job.
   *
   * @param what names the task or actor in the error
   * @throws UnschedulableException if none could, naming the largest node
   */
  public void checkFeasible(ResourceSet demand, String job, String what) {
    if (local.feasible(demand)) {
      return;
    }
    for (NodeRecord n : view.alive()) {
      if (!n.id().equals(view.self())
          && ClusterView.runsJob(n, job)
          && demand.fitsIn(n.totalResources())) {
        return;
      }
    }
    throw new UnschedulableException(
        "no node can satisfy the resource demand "
            + demand
            + " of "
            + what
            + "; this node has "
            + local.total()
            + " and no other alive node with the job's code has more");
  }

  /** The node that owns an object (from its id), or null if unknown. */
  public NodeId ownerOf(io.stingray.api.ObjectId id) {
    return view.ownerOf(id.high());
  }

  /** Whether a node is alive as far as this node knows. */
  public boolean isAlive(NodeId node) {
    return view.isAlive(node);
  }

  /**
   * The node to run on now.
   *
   * @param exclude nodes not to pick (they just refused or lost the work)
   * @param holder the node holding the work's large arguments, preferred (by the default strategy)
   *     while it is not saturated; null for none
   * @return this node's id for here; null if no alive node can run it now (all excluded)
   * @throws UnschedulableException for a hard affinity to a node that cannot run it
   */
  public NodeId choose(
      ResourceSet demand,
      SchedulingStrategy strategy,
      String job,
      Set<NodeId> exclude,
      NodeId holder) {
    NodeId self = view.self();
    boolean localOk = !exclude.contains(self) && local.feasible(demand);
    if (strategy instanceof SchedulingStrategy.NodeAffinity a) {
      if (a.node().equals(self) && localOk) {
        return self;
      }
      if (view.isAlive(a.node())) { // re-reads the node table if the node is new
        for (NodeRecord n : candidates(demand, job, exclude)) {
          if (n.id().equals(a.node())) {
            return n.id();
          }
        }
      }
      if (!a.soft()) {
        throw new UnschedulableException(
            "node affinity to "
                + a.node().hex()
                + " (not soft), but that node is not alive, lacks the job's code or can never"
                + " satisfy "
                + demand);
      }
    }
    if (localOk && holder == null && !(strategy instanceof SchedulingStrategy.Spread)) {
      if (local.utilisation() < LOCAL_THRESHOLD) {
        return self; // the common case, decided without looking at the other nodes
      }
    }
    List<NodeRecord> remote = candidates(demand, job, exclude);
    if (strategy instanceof SchedulingStrategy.Spread) {
      List<NodeId> all = new ArrayList<>();
      if (localOk) {
        all.add(self);
      }
      remote.forEach(n -> all.add(n.id()));
      if (all.isEmpty()) {
        return null;
      }
      all.sort(Comparator.comparing(NodeId::hex));
      return all.get(Math.floorMod(spread.getAndIncrement(), all.size()));
    }
    double here = local.utilisation();
    double cpus = demand.toMap().getOrDefault("CPU", 0.0);
    if (holder != null && !exclude.contains(holder)) {
      if (holder.equals(self) && localOk && here < 1) {
        return self;
      }
      for (NodeRecord n : remote) {
        if (n.id().equals(holder) && load(n, cpus) < 1) {
          return holder; // moving the work is cheaper than moving its data
        }
      }
    }
    if (localOk && (here < LOCAL_THRESHOLD || remote.isEmpty())) {
      return self;
    }
    List<Scored> scored = new ArrayList<>();
    if (localOk) {
      scored.add(new Scored(self, here));
    }
    for (NodeRecord n : remote) {
      scored.add(new Scored(n.id(), load(n, cpus)));
    }
    if (scored.isEmpty()) {
      return null;
    }
    scored.sort(Comparator.comparingDouble(Scored::load));
    int k = Math.max(1, scored.size() / 5);
    return scored.get(ThreadLocalRandom.current().nextInt(k)).node();
  }

  private double load(NodeRecord n, double cpusPerTask) {
    double cpus = n.totalResources().getOrDefault("CPU", 0.0);
    if (cpus <= 0) {
      return inFlight.applyAsInt(n.id());
    }
    double busy = cpus - n.availableResources().getOrDefault("CPU", 0.0);
    double sent = inFlight.applyAsInt(n.id()) * Math.max(cpusPerTask, 1.0);
    return Math.max(busy, sent) / cpus;
  }

  private List<NodeRecord> candidates(ResourceSet demand, String job, Set<NodeId> exclude) {
    List<NodeRecord> out = new ArrayList<>();
    for (NodeRecord n : view.alive()) {
      if (!n.id().equals(view.self())
          && !exclude.contains(n.id())
          && ClusterView.runsJob(n, job)
          && demand.fitsIn(n.totalResources())) {
        out.add(n);
      }
    }
    return out;
  }

  private record Scored(NodeId node, double load) {}
}
