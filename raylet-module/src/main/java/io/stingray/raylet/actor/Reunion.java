package io.stingray.raylet.actor;

import io.stingray.api.ActorId;
import io.stingray.api.NodeId;
import io.stingray.gcs.ActorRecord;
import io.stingray.gcs.ActorState;
import io.stingray.gcs.ActorTable;
import io.stingray.raylet.cluster.Membership;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an actor's owner and its host settle once a partition that put them on different sides has
 * healed. While fenced, an owner restarts no actor it lost and a host kills no actor whose owner it
 * lost (the other side may well have them alive); the other side, a majority, kills the actors
 * whose owner it lost. So, once healed: the owner brings back the actors the other side killed for
 * losing it, and the host kills the ones whose owner really died meanwhile. Thread-safe: its state
 * is in concurrent collections, and {@link #settle} runs on the heartbeat.
 */
final class Reunion {
  private static final Logger LOG = LoggerFactory.getLogger(Reunion.class);

  /** Restarts an owned actor if it is still the instance {@code restartsAtSend} on {@code at}. */
  interface Restarter {
    /**
     * @param restartsAtSend the instance meant (-1: any)
     * @param at the node it was on (null: any)
     * @throws RuntimeException if the GCS cannot be written now (try again later)
     */
    void restart(RemoteActor ra, String why, int restartsAtSend, NodeId at);
  }

  private record Wanted(int restarts, NodeId at) {}

  private final NodeId self;
  private final Membership membership;
  private final ActorTable rows;
  private final Supplier<Set<String>> members;
  private final Map<ActorId, RemoteActor> owned; // the manager's
  private final Map<ActorId, ActorHost> hosts; // the manager's
  private final Executor executor;
  private final Restarter restarter;

  // actors this node owns whose node it lost while fenced (not restarted then), with the instance
  // lost: once healed, that instance is restarted, not one a refused call restarted meanwhile
  private final ConcurrentHashMap<ActorId, Wanted> lostWhileApart = new ConcurrentHashMap<>();
  // actors hosted here whose owner's node this node lost while fenced (not killed then)
  private final ConcurrentHashMap<ActorId, NodeId> ownerLostWhileApart = new ConcurrentHashMap<>();
  // restarts that failed mid-merge after a host said it killed the actor for losing this node
  private final ConcurrentHashMap<ActorId, Wanted> reviveWanted = new ConcurrentHashMap<>();

  Reunion(
      NodeId self,
      Membership membership,
      ActorTable rows,
      Supplier<Set<String>> members,
      Map<ActorId, RemoteActor> owned,
      Map<ActorId, ActorHost> hosts,
      Executor executor,
      Restarter restarter) {
    this.self = self;
    this.membership = membership;
    this.rows = rows;
    this.members = members;
    this.owned = owned;
    this.hosts = hosts;
    this.executor = executor;
    this.restarter = restarter;
  }

  /** The death cause of an actor killed for losing its owner's node. */
  static String ownerLost(NodeId owner) {
    return "its owner's node " + owner.hex() + " was lost";
  }

  static boolean killedForLosing(ActorRecord row, NodeId owner) {
    return row.deathCause() != null && row.deathCause().contains(ownerLost(owner));
  }

  /** A fenced node lost the node of an actor it owns: decided once healed. */
  void ownedOutOfReach(RemoteActor ra) {
    lostWhileApart.put(ra.id, new Wanted(ra.restarts, ra.node));
  }

  /** A fenced node lost the owner's node of an actor it hosts: decided once healed. */
  void ownerOutOfReach(ActorId hosted, NodeId owner) {
    ownerLostWhileApart.put(hosted, owner);
  }

  /**
   * Once this node is no longer fenced: actors hosted here whose owner's node is still gone die;
   * owned actors the other side killed for losing this node (their row says dead) are brought back,
   * and so are those a host's answer said so of while the GCS could not be written. Does nothing
   * while fenced. Returns how many owned actors it restarted.
   */
  int settle() {
    if (membership.fenced() != null) {
      return 0;
    }
    if (!ownerLostWhileApart.isEmpty()) {
      killOrphans(new HashSet<>(members.get()));
    }
    for (Map.Entry<ActorId, Wanted> e : List.copyOf(reviveWanted.entrySet())) {
      RemoteActor ra = owned.get(e.getKey());
      if (reviveWanted.remove(e.getKey(), e.getValue()) && ra != null) {
        try {
          restarter.restart(
              ra, "it was killed for losing this node", e.getValue().restarts(), e.getValue().at());
        } catch (RuntimeException failed) {
          reviveWanted.put(e.getKey(), e.getValue());
        }
      }
    }
    int restarted = 0;
    for (Map.Entry<ActorId, Wanted> e : List.copyOf(lostWhileApart.entrySet())) {
      ActorId id = e.getKey();
      RemoteActor ra = owned.get(id);
      ActorRecord r = rows.get(id).orElse(null);
      if (ra == null || r == null) {
        lostWhileApart.remove(id, e.getValue());
        continue;
      }
      // a row that says alive may be this side's stale copy (the merge may keep it), and a node
      // row may not be written again yet: then the first answer from the actor's node decides
      if (r.state() == ActorState.DEAD && lostWhileApart.remove(id, e.getValue())) {
        try {
          restarter.restart(
              ra,
              "it did not survive while this node was apart",
              e.getValue().restarts(),
              e.getValue().at());
          restarted++;
        } catch (RuntimeException failed) { // the GCS: try again at the next beat
          lostWhileApart.putIfAbsent(id, e.getValue());
          LOG.warn("cannot bring actor {} back yet: {}", id.hex(), failed.toString());
        }
      }
    }
    return restarted;
  }

  /** Hosted actors whose owner's node was lost while fenced die if it is still gone. */
  private void killOrphans(Set<String> members) {
    for (Map.Entry<ActorId, NodeId> e : List.copyOf(ownerLostWhileApart.entrySet())) {
      if (!ownerLostWhileApart.remove(e.getKey(), e.getValue())) {
        continue;
      }
      ActorHost h = hosts.get(e.getKey());
      if (h != null && !members.contains(e.getValue().hex())) {
        h.kill(true, ownerLost(e.getValue()));
      }
    }
  }

  /**
   * An answer from the node of an actor this node owns. One that says the actor was killed for
   * losing this node (alive, as the answer shows: a partition healed, or the two sides saw each
   * other lost), or that it is dead while its row says so, brings it back, once per instance. Runs
   * on a gRPC thread: the GCS work goes to the executor (while fenced, to {@link #settle}).
   *
   * @return true if the actor was killed for losing this node and is being brought back: a call it
   *     refused may wait for the new instance
   */
  boolean answered(ActorId id, NodeId node, int restartsAtSend, String deadBecause) {
    Wanted apart = lostWhileApart.remove(id);
    RemoteActor ra = owned.get(id);
    if (deadBecause == null || ra == null) {
      return false;
    }
    // the actor's own refusal or death (not a failed argument quoting another's)
    boolean forLosingUs =
        deadBecause.contains(ownerLost(self)) && deadBecause.contains("(" + id.hex() + ")");
    if (membership.fenced() != null) {
      if (apart != null || forLosingUs) { // still fenced: decide once healed
        lostWhileApart.putIfAbsent(id, apart != null ? apart : new Wanted(restartsAtSend, node));
      }
      return forLosingUs;
    }
    Runnable revive =
        () -> {
          try {
            ActorRecord r = rows.get(id).orElse(null);
            if (forLosingUs
                || (r != null && r.state() == ActorState.DEAD && killedForLosing(r, self))) {
              // only for the instance the call was sent to: not after a restart since
              restarter.restart(
                  ra, "it was killed for losing this node, which is alive", restartsAtSend, node);
            }
          } catch (RuntimeException e) { // the GCS mid-merge: the heartbeat tries again
            reviveWanted.put(id, new Wanted(restartsAtSend, node));
            LOG.warn("cannot bring actor {} back yet: {}", id.hex(), e.toString());
          }
        };
    try {
      executor.execute(revive);
    } catch (java.util.concurrent.RejectedExecutionException busy) { // the heartbeat does it
      reviveWanted.put(id, new Wanted(restartsAtSend, node));
    }
    return forLosingUs;
  }
}
