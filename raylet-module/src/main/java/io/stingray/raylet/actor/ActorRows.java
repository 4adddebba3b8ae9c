package io.stingray.raylet.actor;

import io.stingray.api.ActorId;
import io.stingray.api.NodeId;
import io.stingray.gcs.ActorRecord;
import io.stingray.gcs.ActorState;
import io.stingray.gcs.ActorTable;
import io.stingray.gcs.StaleActorRowException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the GCS rows of actors as this node sees them: the states of the instances it hosts (each
 * written with its instance's restart count, so the GCS refuses it once a later instance holds the
 * row), and the deaths of actors it owns. A write the GCS could not take now (mid-merge after a
 * partition, say) is tried again each heartbeat while the instance is still the row's. Thread-safe.
 */
final class ActorRows {
  private static final Logger LOG = LoggerFactory.getLogger(ActorRows.class);

  /** How many heartbeats a refused state is written again. */
  static final int RECORD_TRIES = 30;

  /**
   * A state of an actor hosted here that the GCS could not record: a lost ALIVE row kept the
   * owner's calls waiting for an instance that was there, until they gave up.
   */
  private record Unrecorded(ActorHost host, ActorState state, String cause, int tries) {}

  private final NodeId nodeId;
  private final ActorTable table;
  private final Map<ActorId, ActorHost> hosts; // the manager's
  private final Set<ActorId> superseded; // the manager's: instances whose row is another's
  private final Map<ActorId, Unrecorded> unrecorded = new ConcurrentHashMap<>();

  ActorRows(
      NodeId nodeId, ActorTable table, Map<ActorId, ActorHost> hosts, Set<ActorId> superseded) {
    this.nodeId = nodeId;
    this.table = table;
    this.hosts = hosts;
    this.superseded = superseded;
  }

  /**
   * Records the state of an instance hosted here, unless it was dropped for another instance (the
   * GCS refuses it if its row is about a later one).
   */
  void record(ActorHost host, ActorState state, String cause) {
    if (superseded.contains(host.id)) {
      return; // the row is the other instance's
    }
    if (state == ActorState.DEAD) {
      LOG.info("actor {} ({}) is dead: {}", host.className, host.id.hex(), cause);
    }
    Unrecorded u = new Unrecorded(host, state, cause, 0);
    try {
      write(u);
      forget(host);
    } catch (StaleActorRowException refused) { // a later instance's row: final for this one
      forget(host);
      LOG.info(
          "actor {} ({}) not recorded as {}: {}",
          host.className,
          host.id.hex(),
          state,
          refused.getMessage());
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot record actor {} as {} in the GCS (tried again each heartbeat): {}",
          host.id.hex(),
          state,
          e.toString());
      unrecorded.put(host.id, u);
    }
  }

  /** A pending write of this instance is not needed any more (not another instance's). */
  private void forget(ActorHost host) {
    unrecorded.computeIfPresent(host.id, (id, u) -> u.host == host ? null : u);
  }

  /**
   * Records an actor this node owns as dead, whatever instance its row is about (read again if a
   * restart moved it meanwhile); logs (does not throw) if the GCS refuses.
   */
  void dead(ActorId id, String cause) {
    LOG.info("actor {} is dead: {}", id.hex(), cause);
    for (int attempt = 0; ; attempt++) {
      try {
        table
            .get(id)
            .ifPresent(
                r -> table.update(r.withState(ActorState.DEAD, r.node(), r.numRestarts(), cause)));
        return;
      } catch (StaleActorRowException moved) {
        if (attempt >= 10) {
          LOG.warn(
              "cannot record actor {} as DEAD: it keeps restarting: {}",
              id.hex(),
              moved.getMessage());
          return;
        }
      } catch (RuntimeException e) {
        LOG.warn("cannot record actor {} as DEAD in the GCS: {}", id.hex(), e.toString());
        return;
      }
    }
  }

  private void write(Unrecorded u) {
    table
        .get(u.host.id)
        .ifPresent(r -> table.update(r.withState(u.state, nodeId, u.host.restarts(), u.cause)));
  }

  /**
   * Writes again the states the GCS could not take (the heartbeat's step), while the instance is
   * still the row's: not once the row is about a later instance (a restart elsewhere), or another
   * node's live one; at most {@link #RECORD_TRIES} times.
   */
  void recordAgain() {
    for (Map.Entry<ActorId, Unrecorded> e : List.copyOf(unrecorded.entrySet())) {
      Unrecorded u = e.getValue();
      boolean current =
          (hosts.get(e.getKey()) == u.host || u.state == ActorState.DEAD)
              && !superseded.contains(e.getKey());
      if (!current || u.tries >= RECORD_TRIES) {
        unrecorded.remove(e.getKey(), u);
        continue;
      }
      try {
        ActorRecord r = table.get(e.getKey()).orElse(null);
        if (r != null && !isOf(r, u.host)) {
          unrecorded.remove(e.getKey(), u);
          continue;
        }
        write(u);
        unrecorded.remove(e.getKey(), u);
      } catch (StaleActorRowException refused) {
        unrecorded.remove(e.getKey(), u);
      } catch (RuntimeException again) {
        unrecorded.replace(e.getKey(), u, new Unrecorded(u.host, u.state, u.cause, u.tries + 1));
      }
    }
  }

  /**
   * Whether a row may still be written by this instance: it is about no later instance, and no
   * other node's instance of as many restarts lives. (Not the row's node alone: the owner's
   * RESTARTING row names the node of the instance it replaces, not where the new one lands.)
   */
  private boolean isOf(ActorRecord r, ActorHost host) {
    if (r.numRestarts() > host.restarts()) {
      return false;
    }
    return !(r.numRestarts() == host.restarts()
        && r.state() == ActorState.ALIVE
        && r.node() != null
        && !r.node().equals(nodeId));
  }
}
