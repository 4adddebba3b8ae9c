package io.stingray.gcs;

import io.stingray.api.ActorId;
import io.stingray.api.JobId;
import io.stingray.api.NodeId;

/**
 * One row of the actor table.
 *
 * @param name null for an anonymous actor
 * @param node the hosting node, null before placement
 * @param deathCause why it died, null while not DEAD
 */
public record ActorRecord(
    ActorId id,
    JobId job,
    String className,
    String name,
    String namespace,
    ActorState state,
    NodeId node,
    int numRestarts,
    boolean detached,
    String deathCause) {

  /** This actor in a new state. */
  public ActorRecord withState(ActorState next, NodeId where, int restarts, String cause) {
    return new ActorRecord(
        id, job, className, name, namespace, next, where, restarts, detached, cause);
  }
}
