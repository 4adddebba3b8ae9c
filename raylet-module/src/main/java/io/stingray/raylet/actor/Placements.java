package io.stingray.raylet.actor;

import io.stingray.api.ActorId;
import io.stingray.api.ActorLifetime;
import io.stingray.api.NodeId;
import io.stingray.api.exception.UnschedulableException;
import io.stingray.raylet.cluster.Placement;
import io.stingray.raylet.cluster.WorkSender;
import io.stingray.raylet.rpc.Peers;
import io.stingray.raylet.scheduler.LocalScheduler;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the instances of actors this node owns on other nodes: asks a node to host one, tries the
 * others if it refuses, and finally this node. One placement per instance: a placement a newer
 * restart overtook, or whose actor was killed meanwhile, stops (or kills what it placed). Runs on
 * the caller's thread (creation) or the executor (restarts); decisions are taken under the actor's
 * lock, as {@code ActorManager.restartOwned} takes them.
 */
final class Placements {
  private static final Logger LOG = LoggerFactory.getLogger(Placements.class);

  /** Hosts an instance on this node after all. */
  interface HostHere {
    void host(RemoteActor ra, int restarts);
  }

  private final NodeId nodeId;
  private final Map<ActorId, RemoteActor> owned; // the manager's
  private final WorkSender sender;
  private final Placement placement;
  private final LocalScheduler scheduler;
  private final Peers peers;
  private final ActorRows rows;
  private final HostHere hostHere;

  /** Runs before each placement (for tests that hold one to make a race happen); never throws. */
  volatile Consumer<ActorId> beforePlacing = id -> {};

  /** Runs once a placement ended, however (for tests). */
  volatile Consumer<ActorId> afterPlacing = id -> {};

  Placements(
      NodeId nodeId,
      Map<ActorId, RemoteActor> owned,
      WorkSender sender,
      Placement placement,
      LocalScheduler scheduler,
      Peers peers,
      ActorRows rows,
      HostHere hostHere) {
    this.nodeId = nodeId;
    this.owned = owned;
    this.sender = sender;
    this.placement = placement;
    this.scheduler = scheduler;
    this.peers = peers;
    this.rows = rows;
    this.hostHere = hostHere;
  }

  /**
   * Asks a node to host instance {@code restarts} of an actor this node owns, starting with {@code
   * first}; if it refuses or cannot be reached, tries the others and finally this node, else
   * records the actor dead. Never throws.
   */
  void place(RemoteActor ra, NodeId first, int restarts) {
    try {
      beforePlacing.accept(ra.id);
      tryNodes(ra, first, restarts);
    } catch (UnschedulableException e) { // no node left that may host it (a hard affinity)
      boolean current;
      synchronized (ra) {
        current = ra.restarts == restarts && owned.remove(ra.id, ra);
      }
      if (current) {
        rows.dead(ra.id, "it could not be placed: " + e.getMessage());
      }
      if (restarts == 0) {
        throw e; // its creation: the creator hears why
      }
    } finally {
      afterPlacing.accept(ra.id);
    }
  }

  /**
   * Forgets an owned actor whose new instance is still being placed (no node hosts it to kill yet;
   * the placement stops, or kills what it placed, once it sees the actor no longer owned). Returns
   * false, forgetting nothing, if no placement is under way.
   */
  boolean forgetWhilePlaced(RemoteActor ra) {
    synchronized (ra) {
      return (ra.placedAt == null || ra.placed != ra.restarts) && owned.remove(ra.id, ra);
    }
  }

  private void tryNodes(RemoteActor ra, NodeId first, int restarts) {
    Set<NodeId> tried = new HashSet<>();
    NodeId target = first;
    while (target != null && !target.equals(nodeId)) {
      if (ra.restarts != restarts || owned.get(ra.id) != ra) {
        return; // a newer restart places the actor, or it was killed: this placement is outdated
      }
      ra.node = target;
      String refused = sender.createActor(target, work(ra, restarts));
      if (refused == null) {
        boolean killed;
        synchronized (ra) {
          killed = owned.get(ra.id) != ra;
          if (ra.restarts == restarts && !killed) { // not restarted again meanwhile
            ra.placed = restarts;
            ra.placedAt = target;
          }
        }
        if (killed) { // while it was being placed: the instance placed dies too
          killPlaced(ra, target);
        }
        return;
      }
      LOG.warn(
          "node {} did not take actor {} ({}): {}; trying another",
          target.hex(),
          ra.className,
          ra.id.hex(),
          refused);
      tried.add(target);
      target = placement.choose(ra.demand, ra.options.strategy, ra.job.name(), tried, null);
    }
    synchronized (ra) { // no restart meanwhile: one instance, this one or a newer one's
      if (ra.restarts != restarts || owned.get(ra.id) != ra) {
        return;
      }
      if (target != null && scheduler.feasible(ra.demand)) {
        hostHere.host(ra, restarts); // hosted before no longer remote: a call finds either
        owned.remove(ra.id, ra);
      } else {
        owned.remove(ra.id, ra);
        rows.dead(ra.id, "no node could host it");
      }
    }
  }

  private void killPlaced(RemoteActor ra, NodeId target) {
    try {
      peers.to(target).killActor(ra.id, true);
    } catch (RuntimeException e) {
      LOG.warn(
          "actor {} ({}) was killed while placed on node {}, and that node cannot be told: {}",
          ra.className,
          ra.id.hex(),
          target.hex(),
          e.toString());
    }
  }

  private static WorkSender.ActorWork work(RemoteActor ra, int restarts) {
    return new WorkSender.ActorWork(
        ra.job,
        ra.id,
        ra.constructor,
        ra.args,
        ra.demand.toMap(),
        ra.options.name,
        ra.namespace,
        ra.options.maxRestarts,
        ra.options.maxTaskRetries,
        ra.options.maxConcurrency,
        ra.options.maxPendingCalls,
        ra.options.lifetime == ActorLifetime.DETACHED,
        restarts);
  }
}
