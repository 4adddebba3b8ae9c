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
 * @param maxTaskRetries how often a call in flight when an instance dies is sent again (-1: no
 *     limit), for callers on any node
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
    String deathCause,
    int maxTaskRetries) {

  /** This actor in a new state. */
  public ActorRecord withState(ActorState next, NodeId where, int restarts, String cause) {
    return new ActorRecord(
        id,
        job,
        className,
        name,
        namespace,
        next,
        where,
        restarts,
        detached,
        cause,
        maxTaskRetries);
  }
}
