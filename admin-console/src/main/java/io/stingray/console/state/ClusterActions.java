package io.stingray.console.state;

import io.stingray.api.ActorId;
import io.stingray.api.exception.RayException;
import io.stingray.gcs.ActorRecord;
import io.stingray.gcs.ActorState;
import io.stingray.raylet.Raylet;
import java.util.NoSuchElementException;

/**
 * The console's actions on the cluster: kill an actor (any node's), cancel a task (one this
 * server's node owns). Callers check who may act; this class only acts. Thread-safe.
 */
public final class ClusterActions {
  private final Raylet raylet;

  ClusterActions(Raylet raylet) {
    this.raylet = raylet;
  }

  /**
   * Kills an actor wherever it lives, as {@code RayContext.kill}: with {@code noRestart} false it
   * restarts if its {@code maxRestarts} allows. Returns at once; the actor table shows the outcome.
   *
   * @return what was killed, for the audit log
   * @throws IllegalArgumentException if {@code id} is not an actor id
   * @throws NoSuchElementException if no such actor is known
   * @throws IllegalStateException if the actor is already dead
   * @throws RayException if its node cannot be reached
   */
  public String killActor(String id, boolean noRestart) {
    ActorId actor = ActorId.fromHex(id);
    ActorRecord r =
        raylet
            .gcs()
            .actors()
            .get(actor)
            .orElseThrow(() -> new NoSuchElementException("no actor " + id));
    if (r.state() == ActorState.DEAD) {
      throw new IllegalStateException("actor " + id + " is already dead");
    }
    raylet.actors().kill(actor, noRestart);
    return "actor "
        + r.className()
        + (r.name() == null || r.name().isEmpty() ? "" : " '" + r.name() + "'")
        + " ("
        + id
        + ")";
  }

  /**
   * Cancels a task on the node that owns it, as {@code RayContext.cancel(ref, force, true)}: a
   * waiting or queued task fails with {@code TaskCancelledException}; a running one only if {@code
   * force} (its thread is interrupted). A task running on another node fails here but runs on
   * there.
   *
   * @return what was cancelled, for the audit log
   * @throws NoSuchElementException if no alive node remembers an unfinished task with that id
   */
  public String cancelTask(String id, boolean force) {
    if (!raylet.clusterTasks().cancel(id, force)) {
      throw new NoSuchElementException("no alive node has an unfinished task " + id);
    }
    return "task " + id;
  }
}
