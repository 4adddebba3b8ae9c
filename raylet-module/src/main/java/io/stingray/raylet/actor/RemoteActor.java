package io.stingray.raylet.actor;

import io.stingray.api.ActorId;
import io.stingray.api.NodeId;
import io.stingray.api.RayFunction;
import io.stingray.raylet.context.Job;
import io.stingray.raylet.scheduler.ResourceSet;
import java.util.List;

/**
 * An actor this node created (and owns) on another node: what it takes to create it again elsewhere
 * when that node is lost, and where it lives now.
 */
final class RemoteActor {
  final ActorId id;
  final Job job;
  final RayFunction constructor;
  final Object[] args;
  final List<Object> keepAlive;
  final ActorOptions options;
  final String namespace;
  final ResourceSet demand;
  final String className;
  volatile NodeId node;
  volatile int restarts; // of the instance last created or being created (written under its lock)
  // of the instance a node last accepted: calls go to it, and a refusal blames it, not an instance
  // still being placed (a refusal from the dead one restarted the actor once more)
  volatile int placed;
  volatile NodeId placedAt; // the node that accepted instance placed: calls go there

  RemoteActor(
      ActorId id,
      Job job,
      RayFunction constructor,
      Object[] args,
      List<Object> keepAlive,
      ActorOptions options,
      String namespace,
      ResourceSet demand,
      String className,
      NodeId node) {
    this.id = id;
    this.job = job;
    this.constructor = constructor;
    this.args = args;
    this.keepAlive = keepAlive;
    this.options = options;
    this.namespace = namespace;
    this.demand = demand;
    this.className = className;
    this.node = node;
  }

  boolean mayRestart() {
    return options.maxRestarts < 0 || restarts < options.maxRestarts;
  }
}
