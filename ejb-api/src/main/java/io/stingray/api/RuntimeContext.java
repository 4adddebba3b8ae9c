package io.stingray.api;

import java.util.List;

/** Where and for whom the calling code runs. Thread-safe; values reflect the calling thread. */
public interface RuntimeContext {
  /** The job the code runs for. */
  JobId currentJobId();

  /** The node the code runs on. */
  NodeId currentNodeId();

  /** The running task, or null on a driver. */
  TaskId currentTaskId();

  /** The actor whose method or constructor runs, or null outside an actor. */
  ActorId currentActorId();

  /**
   * True inside an actor that has been restarted at least once.
   *
   * @throws IllegalStateException outside an actor
   */
  boolean wasCurrentActorRestarted();

  /** The namespace named actors are found in by default. */
  String namespace();

  /** Every node known to the cluster, dead ones too. */
  List<NodeInfo> nodes();
}
